// Package vaultgen scales a real vault up to any number of notes for
// benchmarks, keeping its link structure: the output holds replicas of every
// source note (replica k in folder rK/, titled "Title rK"), and each
// wikilink of a replica points at the same replica of its target most of
// the time and at a random other replica otherwise, so degrees, dangling
// links, hubs and clusters look like the source's at a larger scale.
package vaultgen

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"

	"secondbrain/backend/markdown"
)

// Options configures Generate.
type Options struct {
	// Notes is how many notes to write.
	Notes int
	// CrossLinkRate is the share of links that point into another replica (default 0.2).
	CrossLinkRate float64
	// Seed makes the output reproducible.
	Seed uint64
}

type source struct {
	rel, title string
	body       string
}

// Generate writes opts.Notes notes derived from the Markdown files of src
// into dst (which must be empty or missing) and returns how many links the
// output holds.
func Generate(src, dst string, opts Options) (int, error) {
	if opts.CrossLinkRate == 0 {
		opts.CrossLinkRate = 0.2
	}
	var notes []source
	titles := map[string]bool{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != src {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(d.Name()), ".md") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		title := strings.TrimSuffix(d.Name(), path.Ext(d.Name()))
		if strings.TrimSpace(title) != title || title == "" {
			return nil
		}
		notes = append(notes, source{rel: filepath.ToSlash(rel), title: title, body: string(b)})
		titles[strings.ToLower(title)] = true
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(notes) == 0 {
		return 0, fmt.Errorf("vaultgen: no Markdown notes in %s", src)
	}
	full := opts.Notes / len(notes) // replicas whose every note is written
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	links := 0
	for i := 0; i < opts.Notes; i++ {
		n := notes[i%len(notes)]
		k := i / len(notes)
		body := markdown.RewriteLinks(n.body, func(l markdown.Link) (string, bool) {
			if l.Kind != markdown.KindWikilink && l.Kind != markdown.KindEmbed {
				return "", false
			}
			links++
			base := path.Base(l.Target)
			if !titles[strings.ToLower(base)] {
				return "", false // dangling in the source: dangling here too
			}
			r := k
			if full > 1 && rng.Float64() < opts.CrossLinkRate {
				r = rng.IntN(full)
			}
			return replicaTitle(base, r), true
		})
		rel := path.Join(fmt.Sprintf("r%d", k), path.Dir(n.rel), replicaTitle(n.title, k)+".md")
		p := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return links, err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return links, err
		}
	}
	return links, nil
}

func replicaTitle(title string, k int) string {
	if k == 0 {
		return title
	}
	return fmt.Sprintf("%s r%d", title, k)
}
