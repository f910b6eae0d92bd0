package app

import (
	"context"
	"time"

	"github.com/google/uuid"

	"secondbrain/app/dto"
	"secondbrain/app/stack"
	"secondbrain/backend"
	"secondbrain/backend/service"
	"secondbrain/backend/timeline"
)

// TimelineAPI is bound to the frontend: activity over time (the timeline
// view's heatmap and chart, a day's notes, on this day, a note's
// sparkline) and the vault as of any moment, read-only, with restore.
// Dates are YYYY-MM-DD; moments are RFC 3339 or YYYY-MM-DD[THH:MM] in the
// zone; a zone "" is the configured one (the timeline.timezone setting,
// else the system's). Errors: invalid for a bad date, moment, zone or
// range, a moment in the future, too many buckets; not_found for a note
// that did not exist at the moment.
type TimelineAPI struct {
	app *App
}

// Zone returns the IANA name of the zone the timeline uses.
func (ta *TimelineAPI) Zone() (string, error) {
	return callFor(ta.app, func(ctx context.Context, s *stack.Stack) (string, error) {
		loc, err := s.Timeline.Zone(ctx)
		if err != nil {
			return "", err
		}
		return loc.String(), nil
	})
}

// SetZone stores the zone the timeline uses (an IANA name; "" for the
// system's) and returns the zone in force.
func (ta *TimelineAPI) SetZone(name string) (string, error) {
	return callFor(ta.app, func(ctx context.Context, s *stack.Stack) (string, error) { return s.SetTimelineZone(ctx, name) })
}

// Timeline returns the activity of req's range in its buckets, empty
// buckets included: the heatmap (a year by day) and the chart.
func (ta *TimelineAPI) Timeline(req dto.TimelineRequest) (dto.TimelineSeries, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) (*timeline.Series, error) {
		return s.Timeline.Timeline(ctx, req.Query())
	}, dto.FromSeries)
}

// DayNotes returns the notes changed on date with their changes, and the
// notes dated that day (clicking a day).
func (ta *TimelineAPI) DayNotes(date, zone string) (dto.DayActivity, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) (*timeline.DayResult, error) {
		return s.Timeline.DayNotes(ctx, date, zone)
	}, dto.FromDay)
}

// OnThisDay returns the notes changed on date's month and day in earlier
// years and the notes dated on it; date "" is today.
func (ta *TimelineAPI) OnThisDay(date, zone string) (dto.OnThisDay, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) (*timeline.OnThisDayResult, error) {
		return s.Timeline.OnThisDay(ctx, date, zone)
	}, dto.FromOnThisDay)
}

// NoteActivity returns a note's changes in order, with the words each
// added and removed. For a sparkline by day or week, call Timeline with
// noteId.
func (ta *TimelineAPI) NoteActivity(id string) ([]dto.NoteChange, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.Change, error) {
		uid, err := service.ParseID(id)
		if err != nil {
			return nil, err
		}
		return s.Timeline.NoteActivity(ctx, uid)
	}, dto.FromChanges)
}

// moment parses a moment in zone ("" for the configured one) and refuses
// the future.
func moment(ctx context.Context, s *stack.Stack, at, zone string) (time.Time, error) {
	loc, err := timeline.LoadZone(zone)
	if zone == "" {
		loc, err = s.Timeline.Zone(ctx)
	}
	if err != nil {
		return time.Time{}, err
	}
	t, err := timeline.ParseMoment(at, loc)
	if err != nil {
		return time.Time{}, err
	}
	return t, timeline.CheckMoment(t)
}

// noteMoment parses a note's id and a moment (see moment).
func noteMoment(ctx context.Context, s *stack.Stack, id, at, zone string) (uuid.UUID, time.Time, error) {
	uid, err := service.ParseID(id)
	if err != nil {
		return uuid.Nil, time.Time{}, err
	}
	t, err := moment(ctx, s, at, zone)
	return uid, t, err
}

// AsOf describes the vault at a moment: how many notes existed, whether
// it was empty (before the first change).
func (ta *TimelineAPI) AsOf(at, zone string) (dto.AsOfVault, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) (*timeline.Vault, error) {
		t, err := moment(ctx, s, at, zone)
		if err != nil {
			return nil, err
		}
		return s.Timeline.Describe(ctx, t)
	}, dto.FromVault)
}

// AsOfNotes lists the notes that existed at a moment, with their titles
// and paths then, in path order, optionally only those in folder then;
// without bodies.
func (ta *TimelineAPI) AsOfNotes(at, zone, folder string) ([]dto.AsOfNote, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.VersionAt, error) {
		t, err := moment(ctx, s, at, zone)
		if err != nil {
			return nil, err
		}
		return s.Timeline.ListAt(ctx, t, folder)
	}, func(vs []timeline.VersionAt) []dto.AsOfNote {
		out := make([]dto.AsOfNote, len(vs))
		for i, v := range vs {
			out[i] = dto.FromVersionAt(v)
		}
		return out
	})
}

// AsOfNote returns a note as it was at a moment, with its body then.
func (ta *TimelineAPI) AsOfNote(id, at, zone string) (dto.AsOfNote, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) (*timeline.VersionAt, error) {
		uid, t, err := noteMoment(ctx, s, id, at, zone)
		if err != nil {
			return nil, err
		}
		return s.Timeline.NoteAt(ctx, uid, t)
	}, func(v *timeline.VersionAt) dto.AsOfNote { return dto.FromVersionAt(*v) })
}

// AsOfSearch finds the notes whose title or body held all the words of
// text at a moment, best first (limit 1..200, 0 for 50), with their
// titles and paths then and a snippet of the body then.
func (ta *TimelineAPI) AsOfSearch(text, at, zone string, limit int) ([]dto.AsOfHit, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.HitAt, error) {
		t, err := moment(ctx, s, at, zone)
		if err != nil {
			return nil, err
		}
		return s.AsOf.SearchAt(ctx, t, text, limit)
	}, dto.FromHitsAt)
}

// AsOfBacklinks returns the links into a note from the notes as they were
// at a moment (the backlinks panel as of then). Errors: not_found when the
// note did not exist then.
func (ta *TimelineAPI) AsOfBacklinks(id, at, zone string) ([]dto.Backlink, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.BacklinkAt, error) {
		uid, t, err := noteMoment(ctx, s, id, at, zone)
		if err != nil {
			return nil, err
		}
		return s.AsOf.BacklinksAt(ctx, uid, t)
	}, dto.FromBacklinksAt)
}

// AsOfGraph returns a note's neighbourhood (depth 1 or 2) among the notes
// and tags as they were at a moment, in the local graph view's shape.
// Errors: not_found when the note did not exist then, invalid for a depth
// other than 1 or 2.
func (ta *TimelineAPI) AsOfGraph(id, at, zone string, depth int) (dto.Subgraph, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) (*backend.Subgraph, error) {
		uid, t, err := noteMoment(ctx, s, id, at, zone)
		if err != nil {
			return nil, err
		}
		return s.AsOf.GraphAt(ctx, uid, t, depth, 500)
	}, func(g *backend.Subgraph) dto.Subgraph { return dto.FromSubgraph(g, nil) })
}

// RestoreNote makes a note's text at a moment its current text, as a new
// version (restoring it from the trash first if needed).
func (ta *TimelineAPI) RestoreNote(id, at, zone string) (dto.Restored, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.Restored, error) {
		uid, t, err := noteMoment(ctx, s, id, at, zone)
		if err != nil {
			return nil, err
		}
		r, err := s.Timeline.RestoreAt(ctx, s.Notes, uid, t)
		if err != nil {
			return nil, err
		}
		return []timeline.Restored{*r}, nil
	}, func(rs []timeline.Restored) dto.Restored {
		ta.changed(rs)
		return dto.FromRestored(rs)[0]
	})
}

// changed tells the open views which notes a restore wrote, as a save
// does (EventNoteChanged), so an editor showing one loads its new text.
func (ta *TimelineAPI) changed(rs []timeline.Restored) {
	for _, r := range rs {
		if r.Action == "reverted" || r.Untrashed {
			ta.app.events.Emit(EventNoteChanged, map[string]any{"id": r.ID.String(), "version": r.Version})
		}
	}
}

// RestoreFolder restores, as of a moment, every note that was in folder
// then; notes added since are left alone, notes that cannot be restored
// are listed as skipped.
func (ta *TimelineAPI) RestoreFolder(folder, at, zone string) ([]dto.Restored, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.Restored, error) {
		t, err := moment(ctx, s, at, zone)
		if err != nil {
			return nil, err
		}
		return s.Timeline.RestoreFolderAt(ctx, s.Notes, folder, t)
	}, func(rs []timeline.Restored) []dto.Restored {
		ta.changed(rs)
		return dto.FromRestored(rs)
	})
}

// DailyNotes returns the daily notes dated from from to to (YYYY-MM-DD,
// both included): the days a calendar of daily notes marks.
func (ta *TimelineAPI) DailyNotes(from, to string) ([]dto.DatedNote, error) {
	return callTo(ta.app, func(ctx context.Context, s *stack.Stack) ([]timeline.DatedNote, error) {
		return s.Timeline.DailyNotes(ctx, from, to)
	}, dto.FromDatedNotes)
}
