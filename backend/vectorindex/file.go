package vectorindex

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"unsafe"

	"github.com/google/uuid"
)

// An index file holds every point of an Index, so that a process can start
// searching without reading every vector from PostgreSQL again:
//
//	header   magic "SBVECIDX", format version, dim, point count, flags,
//	         checkpoint, model, scope
//	strings  the distinct tags, folders and types
//	points   per point: id, note id, chunk, folder, type and tags (as
//	         indexes into strings)
//	vectors  count×dim little-endian float32 (unit length, as held)
//	sigs     count×sigWords little-endian uint64 when flagged
//	trailer  CRC-32C (Castagnoli) of every byte before it
//
// The file is written to a temporary file beside it, synced and renamed over
// the old one, so a reader sees the old file or the new one, never half of
// one. A file that fails any check is an error and must be rebuilt, never
// trusted.

// FileVersion is the format version index files are written in; files of
// other versions are refused.
const FileVersion = 1

var fileMagic = [8]byte{'S', 'B', 'V', 'E', 'C', 'I', 'D', 'X'}

const flagSigs = 1

// FileHeader is what an index file says about its points.
type FileHeader struct {
	// Model is the embedding model of the vectors.
	Model string
	// Scope says whose vectors they are (a vault id), so that a file is
	// never used for another database.
	Scope string
	// Checkpoint is the event-log seq the points are up to date with.
	Checkpoint int64
	// Embedded is a second seq the owner keeps with the points: up to it
	// every changed note was embedded (0: not known).
	Embedded int64
}

// ErrBadFile is the error of ReadFile for a file that is corrupt,
// truncated, of another format version or for another model, scope or
// dimension. Such a file is to be rebuilt.
var ErrBadFile = errors.New("vectorindex: unusable index file")

func badFile(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadFile, fmt.Sprintf(format, args...))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteFile writes every point of the index with header h to path,
// atomically: a temporary file in the same folder, synced, then renamed
// over path (and the folder synced). Concurrent writers each rename a whole
// file; the last one wins. Searches may run meanwhile; upserts wait.
func (x *Index) WriteFile(path string, h FileHeader) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<20)
	x.mu.RLock()
	err = x.encode(w, h)
	x.mu.RUnlock()
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if _, err := f.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32())); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// encode writes everything but the trailer; called with the read lock held.
func (x *Index) encode(w io.Writer, h FileHeader) error {
	n := len(x.meta)
	flags := uint32(0)
	if x.sigs != nil {
		flags |= flagSigs
	}
	b := append([]byte(nil), fileMagic[:]...)
	b = binary.LittleEndian.AppendUint32(b, FileVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(x.dim))
	b = binary.LittleEndian.AppendUint64(b, uint64(n))
	b = binary.LittleEndian.AppendUint32(b, flags)
	b = binary.LittleEndian.AppendUint64(b, uint64(h.Checkpoint))
	b = binary.LittleEndian.AppendUint64(b, uint64(h.Embedded))
	b = appendString(b, h.Model)
	b = appendString(b, h.Scope)
	// The string table, then the points referring to it.
	strs := map[string]uint32{}
	var table []string
	ref := func(s string) uint32 {
		i, ok := strs[s]
		if !ok {
			i = uint32(len(table))
			strs[s] = i
			table = append(table, s)
		}
		return i
	}
	pts := make([]byte, 0, n*48)
	for i := range x.meta {
		m := &x.meta[i]
		pts = append(pts, m.id[:]...)
		pts = append(pts, m.note[:]...)
		pts = binary.LittleEndian.AppendUint32(pts, uint32(m.chunk))
		pts = binary.LittleEndian.AppendUint32(pts, ref(m.folder))
		pts = binary.LittleEndian.AppendUint32(pts, ref(m.typ))
		pts = binary.LittleEndian.AppendUint32(pts, uint32(len(m.tags)))
		for _, t := range m.tags {
			pts = binary.LittleEndian.AppendUint32(pts, ref(t))
		}
	}
	var st []byte
	st = binary.LittleEndian.AppendUint32(st, uint32(len(table)))
	for _, s := range table {
		st = appendString(st, s)
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(len(st)))
	b = append(b, st...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(pts)))
	b = append(b, pts...)
	if _, err := w.Write(b); err != nil {
		return err
	}
	if err := writeFloats(w, x.vecs[:n*x.dim]); err != nil {
		return err
	}
	if x.sigs != nil {
		return writeWords(w, x.sigs[:n*sigWords])
	}
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// littleEndian says whether the machine stores numbers as the file does,
// so that the vectors can be copied as bytes.
var littleEndian = func() bool {
	v := uint16(1)
	return *(*byte)(unsafe.Pointer(&v)) == 1
}()

func writeFloats(w io.Writer, v []float32) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 4*len(v)))
		return err
	}
	buf := make([]byte, 0, 1<<16)
	for i, f := range v {
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(f))
		if len(buf) == cap(buf) || i == len(v)-1 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return nil
}

func writeWords(w io.Writer, v []uint64) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
		return err
	}
	buf := make([]byte, 0, 8*len(v))
	for _, u := range v {
		buf = binary.LittleEndian.AppendUint64(buf, u)
	}
	_, err := w.Write(buf)
	return err
}

func readFloats(r io.Reader, v []float32) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := io.ReadFull(r, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 4*len(v)))
		return err
	}
	buf := make([]byte, 1<<16)
	for i := 0; i < len(v); {
		k := min(len(buf)/4, len(v)-i)
		if _, err := io.ReadFull(r, buf[:4*k]); err != nil {
			return err
		}
		for j := range k {
			v[i+j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
		}
		i += k
	}
	return nil
}

func readWords(r io.Reader, v []uint64) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := io.ReadFull(r, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)))
		return err
	}
	buf := make([]byte, 8*len(v))
	if _, err := io.ReadFull(r, buf); err != nil {
		return err
	}
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(buf[8*i:])
	}
	return nil
}

// crcReader passes reads through, summing what it read.
type crcReader struct {
	r   io.Reader
	crc hash.Hash32
}

func (c *crcReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.crc.Write(p[:n])
	return n, err
}

// ReadFile replaces the index's points with those of the file at path and
// returns its header, when the file is whole and was written for
// want.Model and want.Scope at the index's dimension (the seqs of want
// are not compared). Otherwise the index is left as it was and the error is
// ErrBadFile (wrapped, with the reason) or the file system's (a missing
// file: fs.ErrNotExist).
func (x *Index) ReadFile(path string, want FileHeader) (FileHeader, error) {
	var none FileHeader
	f, err := os.Open(path)
	if err != nil {
		return none, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return none, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	cr := &crcReader{r: br, crc: crc32.New(castagnoli)}
	fresh, h, err := decodeFile(cr, fi.Size(), x.dim, x.opts, want)
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return none, badFile("%s is truncated", path)
	}
	if err != nil {
		return none, fmt.Errorf("%s: %w", path, err)
	}
	var trailer [4]byte
	if _, err := io.ReadFull(br, trailer[:]); err != nil {
		return none, badFile("%s is truncated", path)
	}
	if binary.LittleEndian.Uint32(trailer[:]) != cr.crc.Sum32() {
		return none, badFile("%s fails its checksum", path)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return none, badFile("%s goes on after its checksum", path)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.vecs, x.meta, x.byID, x.byNote, x.sigs, x.rot = fresh.vecs, fresh.meta, fresh.byID, fresh.byNote, fresh.sigs, fresh.rot
	return h, nil
}

// decodeFile reads everything but the trailer into a new index.
func decodeFile(r io.Reader, size int64, dim int, o Options, want FileHeader) (*Index, FileHeader, error) {
	var none FileHeader
	var fixed [8 + 4 + 4 + 8 + 4 + 8 + 8]byte
	if _, err := io.ReadFull(r, fixed[:]); err != nil {
		return nil, none, err
	}
	if [8]byte(fixed[:8]) != fileMagic {
		return nil, none, badFile("not an index file")
	}
	le := binary.LittleEndian
	if v := le.Uint32(fixed[8:]); v != FileVersion {
		return nil, none, badFile("format version %d; want %d", v, FileVersion)
	}
	if d := int(le.Uint32(fixed[12:])); d != dim {
		return nil, none, badFile("vectors of %d dimensions; want %d", d, dim)
	}
	count := le.Uint64(fixed[16:])
	flags := le.Uint32(fixed[24:])
	h := FileHeader{Model: want.Model, Scope: want.Scope, Checkpoint: int64(le.Uint64(fixed[28:])), Embedded: int64(le.Uint64(fixed[36:]))}
	if count > uint64(size)/uint64(4*max(dim, 1)) {
		return nil, none, badFile("%d points cannot fit in %d bytes", count, size)
	}
	model, err := readString(r, size)
	if err != nil {
		return nil, none, err
	}
	scope, err := readString(r, size)
	if err != nil {
		return nil, none, err
	}
	if model != want.Model {
		return nil, none, badFile("vectors of the model %q; want %q", model, want.Model)
	}
	if scope != want.Scope {
		return nil, none, badFile("vectors of the vault %q; want %q", scope, want.Scope)
	}
	st, err := readSection(r, size)
	if err != nil {
		return nil, none, err
	}
	table, err := parseStrings(st)
	if err != nil {
		return nil, none, err
	}
	pts, err := readSection(r, size)
	if err != nil {
		return nil, none, err
	}
	n := int(count)
	x := NewWithOptions(dim, o)
	x.meta = make([]point, n)
	x.byID, x.byNote = nil, nil // built on the first change
	if err := x.parsePoints(pts, table); err != nil {
		return nil, none, err
	}
	x.vecs = make([]float32, n*dim)
	if err := readFloats(r, x.vecs); err != nil {
		return nil, none, err
	}
	if flags&flagSigs != 0 {
		x.sigs = make([]uint64, n*sigWords)
		if err := readWords(r, x.sigs); err != nil {
			return nil, none, err
		}
		x.rot = newRotation(dim)
	}
	// As a freshly built index of this size would be, whatever the
	// options of the process that wrote the file.
	if !x.approximate() {
		x.sigs, x.rot = nil, nil
	} else if x.sigs == nil {
		x.enableANN()
	}
	return x, h, nil
}

func readString(r io.Reader, size int64) (string, error) {
	var l [4]byte
	if _, err := io.ReadFull(r, l[:]); err != nil {
		return "", err
	}
	n := binary.LittleEndian.Uint32(l[:])
	if int64(n) > size {
		return "", badFile("a string of %d bytes in a file of %d", n, size)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

func readSection(r io.Reader, size int64) ([]byte, error) {
	var l [8]byte
	if _, err := io.ReadFull(r, l[:]); err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint64(l[:])
	if n > uint64(size) {
		return nil, badFile("a section of %d bytes in a file of %d", n, size)
	}
	b := make([]byte, n)
	_, err := io.ReadFull(r, b)
	return b, err
}

func parseStrings(b []byte) ([]string, error) {
	if len(b) < 4 {
		return nil, badFile("no string table")
	}
	n := binary.LittleEndian.Uint32(b)
	b = b[4:]
	if uint64(n) > uint64(len(b))/4 {
		return nil, badFile("%d strings in %d bytes", n, len(b))
	}
	out := make([]string, n)
	for i := range out {
		if len(b) < 4 {
			return nil, badFile("the string table is cut short")
		}
		l := binary.LittleEndian.Uint32(b)
		b = b[4:]
		if uint64(l) > uint64(len(b)) {
			return nil, badFile("the string table is cut short")
		}
		out[i] = string(b[:l])
		b = b[l:]
	}
	if len(b) != 0 {
		return nil, badFile("%d bytes after the string table", len(b))
	}
	return out, nil
}

// parsePoints fills x.meta from the points section.
func (x *Index) parsePoints(b []byte, table []string) error {
	le := binary.LittleEndian
	str := func(i uint32) (string, error) {
		if int(i) >= len(table) {
			return "", badFile("string %d of %d", i, len(table))
		}
		return table[i], nil
	}
	var err error
	for i := range x.meta {
		if len(b) < 48 {
			return badFile("the points are cut short")
		}
		m := &x.meta[i]
		m.id, m.note = uuid.UUID(b[0:16]), uuid.UUID(b[16:32])
		m.chunk = int(int32(le.Uint32(b[32:])))
		if m.folder, err = str(le.Uint32(b[36:])); err != nil {
			return err
		}
		if m.typ, err = str(le.Uint32(b[40:])); err != nil {
			return err
		}
		nt := le.Uint32(b[44:])
		b = b[48:]
		if uint64(nt) > uint64(len(b))/4 {
			return badFile("the points are cut short")
		}
		if nt > 0 {
			m.tags = make([]string, nt)
			for j := range m.tags {
				if m.tags[j], err = str(le.Uint32(b[4*j:])); err != nil {
					return err
				}
			}
			b = b[4*nt:]
		}
	}
	if len(b) != 0 {
		return badFile("%d bytes after the points", len(b))
	}
	return nil
}
