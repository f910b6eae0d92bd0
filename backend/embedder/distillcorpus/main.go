// Command distillcorpus writes the corpus build/scripts/tokenlearn.py trains
// the built-in model on: texts from folders of Markdown (and reStructuredText
// sources, *.rst.txt, read as if Markdown) cut as the indexer cuts notes
// (indexer.Split), with a few words of each and its sentences for
// query-like texts; each text's word pieces under the built-in model's
// tokenizer; and the teacher's vector of it (all-MiniLM-L6-v2 run by
// package onnx, build/scripts/onnx-model.sh).
//
//	go run ./backend/embedder/distillcorpus -out DIR FOLDER...
//
// DIR receives ids.bin (per text: a little-endian uint32 count, then that
// many int32 token ids), vecs.bin (per text: 384 little-endian float32) and
// texts.txt (one text a line). The sampling is seeded, so the same folders
// give the same corpus.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"secondbrain/backend/embedder"
	"secondbrain/backend/embedder/onnx"
	"secondbrain/backend/indexer"
)

func main() {
	out := flag.String("out", "", "folder to write the corpus to")
	most := flag.Int("max", 90000, "most texts")
	modelDir := flag.String("model", "", "folder of all-MiniLM-L6-v2 (default: onnx.DefaultDirs)")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *most, *modelDir, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "distillcorpus:", err)
		os.Exit(1)
	}
}

func run(out string, most int, modelDir string, folders []string) error {
	rng := rand.New(rand.NewPCG(1, 2))
	texts, err := collect(folders, rng)
	if err != nil {
		return err
	}
	rng.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
	texts = texts[:min(most, len(texts))]
	fmt.Fprintf(os.Stderr, "%d texts\n", len(texts))
	static, err := embedder.Builtin()
	if err != nil {
		return err
	}
	teacher, err := onnx.Open(onnx.Options{Dir: modelDir})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	files := map[string]*bufio.Writer{}
	for _, name := range []string{"ids.bin", "vecs.bin", "texts.txt"} {
		f, err := os.Create(filepath.Join(out, name))
		if err != nil {
			return err
		}
		defer f.Close()
		files[name] = bufio.NewWriter(f)
	}
	tok := static.Tokenizer()
	var ids []int32
	for start := 0; start < len(texts); start += 256 {
		batch := texts[start:min(start+256, len(texts))]
		vecs, err := teacher.Embed(context.Background(), batch)
		if err != nil {
			return err
		}
		for i, t := range batch {
			ids = tok.Encode(ids[:0], t)
			if err := binary.Write(files["ids.bin"], binary.LittleEndian, uint32(len(ids))); err != nil {
				return err
			}
			if err := binary.Write(files["ids.bin"], binary.LittleEndian, ids); err != nil {
				return err
			}
			if err := binary.Write(files["vecs.bin"], binary.LittleEndian, vecs[i]); err != nil {
				return err
			}
			fmt.Fprintln(files["texts.txt"], strings.ReplaceAll(t, "\n", " "))
		}
		if start%(256*40) == 0 {
			fmt.Fprintf(os.Stderr, "%d of %d\n", start, len(texts))
		}
	}
	for name, w := range files {
		if err := w.Flush(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// collect cuts every Markdown or reST file under the folders (change logs, histories
// and licences left out) into chunks, and adds, for each chunk of more than
// twelve words, a run of three to ten of its words; and its sentences of four
// to forty words.
func collect(folders []string, rng *rand.Rand) ([]string, error) {
	var paths []string
	for _, dir := range folders {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			up := strings.ToUpper(d.Name())
			if !d.IsDir() && (strings.HasSuffix(up, ".MD") || strings.HasSuffix(up, ".RST.TXT")) && !strings.Contains(up, "CHANGELOG") &&
				!strings.Contains(up, "HISTORY") && !strings.Contains(up, "LICENSE") {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(paths)
	var texts []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(p), ".txt") // "x.rst.txt" is "x.rst"
		title := strings.TrimSuffix(name, filepath.Ext(name))
		for _, c := range indexer.Split(title, string(b), indexer.ChunkOptions{}) {
			w := strings.Fields(c.Text)
			if len(w) < 4 {
				continue
			}
			texts = append(texts, c.Text)
			if len(w) > 12 {
				s := rng.IntN(len(w) - 6)
				texts = append(texts, strings.Join(w[s:min(s+3+rng.IntN(8), len(w))], " "))
			}
			for _, sent := range strings.SplitAfter(c.Text, ". ") {
				if n := len(strings.Fields(sent)); n >= 4 && n <= 40 && n < len(w) {
					texts = append(texts, strings.TrimSpace(sent))
				}
			}
		}
	}
	return texts, nil
}
