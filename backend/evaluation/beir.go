package evaluation

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"secondbrain/backend"
)

// Doc is one document of a relevance set.
type Doc struct {
	ID    string
	Title string
	Text  string
}

// TestQuery is one query of a relevance set.
type TestQuery struct {
	ID   string
	Text string
}

// Set is a relevance set in the BEIR layout: a corpus, queries and
// judgements. Only the judged queries are kept.
type Set struct {
	Docs    []Doc
	Queries []TestQuery
	Qrels   Qrels
}

// LoadSet reads a relevance set from dir: corpus.jsonl ({"_id" or "id",
// "title", "text"}), queries.jsonl ({"_id" or "id", "text"}) and the
// judgements from qrels.tsv (query-id, doc-id, grade; no header) or BEIR's
// qrels/test.tsv (with a header, "query-id corpus-id score"). queries and
// qrels, when not empty, name other files (e.g. the -train ones), relative
// to dir unless absolute. Returns EINVALID for a missing or malformed file.
func LoadSet(dir, queries, qrels string) (*Set, error) {
	path := func(name string, fallbacks ...string) string {
		if name != "" {
			if filepath.IsAbs(name) {
				return name
			}
			if _, err := os.Stat(name); err == nil {
				return name
			}
			return filepath.Join(dir, name)
		}
		for _, f := range fallbacks {
			p := filepath.Join(dir, f)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		return filepath.Join(dir, fallbacks[0])
	}
	set := &Set{}
	err := readJSONL(path("", "corpus.jsonl"), func(m map[string]any) error {
		id := idOf(m)
		if id == "" {
			return errors.New("a document has no _id or id")
		}
		t, _ := m["title"].(string)
		x, _ := m["text"].(string)
		set.Docs = append(set.Docs, Doc{ID: id, Title: t, Text: x})
		return nil
	})
	if err != nil {
		return nil, err
	}
	set.Qrels, err = readQrels(path(qrels, "qrels.tsv", filepath.Join("qrels", "test.tsv")))
	if err != nil {
		return nil, err
	}
	err = readJSONL(path(queries, "queries.jsonl"), func(m map[string]any) error {
		id := idOf(m)
		t, _ := m["text"].(string)
		if _, judged := set.Qrels[id]; judged && strings.TrimSpace(t) != "" {
			set.Queries = append(set.Queries, TestQuery{ID: id, Text: t})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Judgements of queries that are not in the query file do not count.
	have := map[string]bool{}
	for _, q := range set.Queries {
		have[q.ID] = true
	}
	for id := range set.Qrels {
		if !have[id] {
			delete(set.Qrels, id)
		}
	}
	if len(set.Docs) == 0 || len(set.Queries) == 0 {
		return nil, backend.Errorf(backend.EINVALID, "the relevance set in %s has %d documents and %d judged queries; it needs some of both", dir, len(set.Docs), len(set.Queries))
	}
	return set, nil
}

func idOf(m map[string]any) string {
	for _, k := range []string{"_id", "id"} {
		switch v := m[k].(type) {
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}

func readJSONL(path string, fn func(map[string]any) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fileError(path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(b), &m); err != nil {
			return backend.Errorf(backend.EINVALID, "%s line %d is not a JSON object: %v", path, line, err)
		}
		if err := fn(m); err != nil {
			return backend.Errorf(backend.EINVALID, "%s line %d: %v", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return backend.Errorf(backend.EINVALID, "cannot read %s: %v", path, err)
	}
	return nil
}

// readQrels reads TSV judgements, skipping a header line if there is one.
func readQrels(path string) (Qrels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	q := Qrels{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		// TREC's four columns (qid 0 docid grade) or BEIR's three.
		if len(fields) == 4 {
			fields = []string{fields[0], fields[2], fields[3]}
		}
		if len(fields) != 3 {
			return nil, backend.Errorf(backend.EINVALID, "%s line %d: want query-id, doc-id and grade", path, line)
		}
		g, err := strconv.Atoi(fields[2])
		if err != nil {
			if fl, ferr := strconv.ParseFloat(fields[2], 64); ferr == nil {
				g = int(fl)
			} else if line == 1 {
				continue // a header
			} else {
				return nil, backend.Errorf(backend.EINVALID, "%s line %d: the grade %q is not a number", path, line, fields[2])
			}
		}
		if q[fields[0]] == nil {
			q[fields[0]] = map[string]int{}
		}
		q[fields[0]][fields[1]] = g
	}
	if err := sc.Err(); err != nil {
		return nil, backend.Errorf(backend.EINVALID, "cannot read %s: %v", path, err)
	}
	return q, nil
}

func fileError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return backend.Errorf(backend.EINVALID, "the relevance set has no file %s", path)
	}
	return backend.Errorf(backend.EINVALID, "cannot read %s: %v", path, err)
}

// String summarizes the set.
func (s *Set) String() string {
	return fmt.Sprintf("%d documents, %d judged queries", len(s.Docs), len(s.Queries))
}
