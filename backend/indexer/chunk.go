package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Chunk is one piece of a note to embed.
type Chunk struct {
	// Ordinal is the chunk's position in its note, from 0.
	Ordinal int
	// Heading is the heading path the chunk sits under ("Setup › Linux").
	Heading string
	// Text is what is embedded: the note's title, the heading path and the
	// chunk's paragraphs.
	Text string
	// Hash is the hex SHA-256 of Text.
	Hash string
}

// ChunkOptions sizes the chunks.
type ChunkOptions struct {
	// MaxChars is the most characters of body text in one chunk (a paragraph
	// longer than that is cut at word boundaries); 0 means 1200.
	MaxChars int
	// Overlap is how many characters of the previous chunk of the same
	// section start the next one; 0 means 200, -1 none.
	Overlap int
}

// Split cuts a note into chunks by headings and paragraphs: a chunk never
// spans two sections, holds whole paragraphs while they fit in MaxChars and
// starts with the tail of the previous chunk of its section. Front matter is
// left out, and prose lines are reduced to their words (plainLine); code
// blocks are kept as written. A note without body text gives one chunk of
// its title.
func Split(title, body string, o ChunkOptions) []Chunk {
	if o.MaxChars <= 0 {
		o.MaxChars = 1200
	}
	switch {
	case o.Overlap == 0:
		o.Overlap = 200
	case o.Overlap < 0:
		o.Overlap = 0
	}
	if o.Overlap > o.MaxChars/2 {
		o.Overlap = o.MaxChars / 2
	}
	body = stripFrontMatter(body)
	var (
		chunks   []Chunk
		headings []string // by level - 1
		cur      strings.Builder
		para     strings.Builder
		inFence  bool
		fence    string
		tail     string // overlap carried into the next chunk of the section
		fresh    bool   // cur holds more than the overlap
	)
	heading := func() string {
		var parts []string
		for _, h := range headings {
			if h != "" {
				parts = append(parts, h)
			}
		}
		return strings.Join(parts, " › ")
	}
	emit := func() {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		if text == "" || !fresh {
			return
		}
		fresh = false
		h := heading()
		full := title
		if h != "" {
			full += "\n" + h
		}
		full += "\n" + text
		sum := sha256.Sum256([]byte(full))
		chunks = append(chunks, Chunk{Ordinal: len(chunks), Heading: h, Text: full, Hash: hex.EncodeToString(sum[:])})
		tail = overlapTail(text, o.Overlap)
	}
	addPara := func(p string) {
		p = strings.TrimSpace(p)
		if p == "" {
			return
		}
		for len(p) > 0 {
			room := o.MaxChars - cur.Len()
			if fresh && len(p) > room {
				emit()
				if tail != "" {
					cur.WriteString(tail)
					cur.WriteString("\n\n")
				}
				room = o.MaxChars - cur.Len()
			}
			if len(p) <= room {
				cur.WriteString(p)
				cur.WriteString("\n\n")
				fresh = true
				return
			}
			// A paragraph longer than a chunk: cut it at a space.
			cut := cutAt(p, room)
			cur.WriteString(p[:cut])
			fresh = true
			p = strings.TrimSpace(p[cut:])
			emit()
			if tail != "" && p != "" {
				cur.WriteString(tail)
				cur.WriteString("\n\n")
			}
		}
	}
	flushPara := func() {
		addPara(para.String())
		para.Reset()
	}
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if inFence {
			para.WriteString(line)
			para.WriteByte('\n')
			if strings.HasPrefix(trimmed, fence) {
				inFence = false
				flushPara()
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			flushPara()
			inFence, fence = true, trimmed[:3]
			para.WriteString(line)
			para.WriteByte('\n')
			continue
		}
		if level, text, ok := atxHeading(trimmed); ok {
			flushPara()
			emit()
			tail = ""
			if level > 6 {
				level = 6
			}
			for len(headings) < level {
				headings = append(headings, "")
			}
			headings = append(headings[:level-1], text)
			continue
		}
		if trimmed == "" {
			flushPara()
			continue
		}
		if plain := plainLine(line); plain != "" {
			para.WriteString(plain)
			para.WriteByte('\n')
		}
	}
	flushPara()
	emit()
	if len(chunks) == 0 {
		full := strings.TrimSpace(title)
		sum := sha256.Sum256([]byte(full))
		chunks = append(chunks, Chunk{Text: full, Hash: hex.EncodeToString(sum[:])})
	}
	return chunks
}

// atxHeading recognises "## Text".
func atxHeading(line string) (int, string, bool) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(line) && line[n] != ' ' && line[n] != '\t') {
		return 0, "", false
	}
	return n, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[n:]), "#")), true
}

func stripFrontMatter(body string) string {
	if !strings.HasPrefix(body, "---\n") && !strings.HasPrefix(body, "---\r\n") {
		return body
	}
	rest := body[strings.IndexByte(body, '\n')+1:]
	for off := 0; off < len(rest); {
		nl := strings.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if strings.TrimRight(line, "\r") == "---" {
			if nl < 0 {
				return ""
			}
			return rest[off+nl+1:]
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	return body
}

// cutAt returns a byte offset at most max into s, at a space when there is
// one in its second half, never inside a UTF-8 sequence.
func cutAt(s string, max int) int {
	if max >= len(s) {
		return len(s)
	}
	if max < 1 {
		max = 1
	}
	if i := strings.LastIndexAny(s[:max], " \t\n"); i > max/2 {
		return i
	}
	for max > 0 && !utf8.RuneStart(s[max]) {
		max--
	}
	if max == 0 {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	return max
}

// overlapTail returns about the last n characters of s, from a word start.
func overlapTail(s string, n int) string {
	if n <= 0 || len(s) <= n {
		if n <= 0 {
			return ""
		}
		return s
	}
	start := len(s) - n
	for start < len(s) && !utf8.RuneStart(s[start]) {
		start++
	}
	if i := strings.IndexAny(s[start:], " \t\n"); i >= 0 && i < n/2 {
		start += i + 1
	}
	return strings.TrimSpace(s[start:])
}
