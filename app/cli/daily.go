package cli

import (
	"fmt"
	"time"

	"secondbrain/app/dto"
)

// daily runs `secondbrain daily [--date YYYY-MM-DD]`.
func (e *env) daily(args []string) error {
	fs, g := e.flags("daily")
	date := fs.String("date", "", "the day (default today)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	day := time.Now()
	if *date != "" {
		d, err := time.ParseInLocation("2006-01-02", *date, time.Local)
		if err != nil {
			return usageError{fmt.Sprintf("--date %q is not YYYY-MM-DD", *date)}
		}
		day = d
	}
	if err := e.open(g); err != nil {
		return err
	}
	n, err := e.stack.Notes.Today(e.ctx, day)
	if err != nil {
		return err
	}
	d := dto.FromNote(n)
	return e.print(d, "%s %s version %d\n", d.ID, d.Path, d.Version)
}

// tags runs `secondbrain tags`.
func (e *env) tags(args []string) error {
	fs, g := e.flags("tags")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if err := e.open(g); err != nil {
		return err
	}
	ts, err := e.stack.Notes.Tags(e.ctx)
	if err != nil {
		return err
	}
	if e.json {
		return e.writeJSON(map[string]any{"tags": dto.FromTags(ts)})
	}
	for _, t := range ts {
		fmt.Fprintf(e.stdout, "#%s\t%d\n", t.Name, t.Count)
	}
	return nil
}
