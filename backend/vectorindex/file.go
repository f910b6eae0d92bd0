package vectorindex

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"unsafe"

	"github.com/google/uuid"
)

// An index file holds every point of an Index, so that a process can start
// searching without reading every vector from PostgreSQL again:
//
//	header   magic "SBVECIDX", format version, dim, point count, flags,
//	         checkpoint, embedded mark, model, scope
//	strings  the distinct tags, folders and types
//	points   per point: id, note id, chunk, folder, type and tags (as
//	         indexes into strings)
//	vectors  count×dim little-endian quantized coordinates (int16, as
//	         held: quant.go), from a multiple of 64 bytes
//	scales   count little-endian float32, from a multiple of 4 bytes
//	sigs     count×sigWords little-endian uint64 when flagged, from a
//	         multiple of 8 bytes
//	trailer  CRC-32C (Castagnoli) of every byte before it
//
// The file is written to a temporary file beside it, synced and renamed over
// the old one, so a reader sees the old file or the new one, never half of
// one. A file that fails any check is an error and must be rebuilt, never
// trusted.

// FileVersion is the format version index files are written in; files of
// other versions are refused. Version 1 held float32 vectors; 2 holds
// them quantized.
const FileVersion = 2

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
		pts = binary.LittleEndian.AppendUint32(pts, ref(x.strs[m.folder]))
		pts = binary.LittleEndian.AppendUint32(pts, ref(x.strs[m.typ]))
		pts = binary.LittleEndian.AppendUint32(pts, uint32(len(m.tags)))
		for _, t := range m.tags {
			pts = binary.LittleEndian.AppendUint32(pts, ref(x.strs[t]))
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
	b = append(b, make([]byte, pad(len(b), vecAlign))...)
	if _, err := w.Write(b); err != nil {
		return err
	}
	off := len(b)
	if err := writeElems(w, x.vecs[:n*x.dim]); err != nil {
		return err
	}
	off += elemSize * n * x.dim
	if _, err := w.Write(make([]byte, pad(off, 4))); err != nil {
		return err
	}
	off += pad(off, 4)
	if err := writeFloats(w, x.scales[:n]); err != nil {
		return err
	}
	off += 4 * n
	if x.sigs != nil {
		if _, err := w.Write(make([]byte, pad(off, 8))); err != nil {
			return err
		}
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

func writeElems(w io.Writer, v []elem) error {
	if len(v) == 0 {
		return nil
	}
	if littleEndian {
		_, err := w.Write(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), elemSize*len(v)))
		return err
	}
	buf := make([]byte, 0, 1<<16)
	for i, e := range v {
		buf = binary.LittleEndian.AppendUint16(buf, uint16(e))
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

// ReadFile replaces the index's points with those of the file at path and
// returns its header, when the file is whole and was written for
// want.Model and want.Scope at the index's dimension (the seqs of want
// are not compared). Otherwise the index is left as it was and the error is
// ErrBadFile (wrapped, with the reason) or the file system's (a missing
// file: fs.ErrNotExist).
//
// Where the system allows, the file is mapped into memory privately
// (copy-on-write) and the index's vectors and signatures stay in the
// mapping instead of being copied: the file is only ever replaced by a
// rename, never written in place, so the mapping keeps the file checked.
//
// A whole file is checked against its checksum once: the reader then
// leaves a stamp beside it (path + ".checked"), and later readers of the
// same file, unchanged, skip the check (see checked.go).
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
	if fi.Size() < int64(len(fileMagic))+4 || fi.Size() > math.MaxInt {
		return none, badFile("%s is truncated", path)
	}
	data, mapped, err := mapFile(f, int(fi.Size()))
	if err != nil {
		return none, err
	}
	keep := false
	defer func() {
		if mapped && !keep {
			unmapFile(data)
		}
	}()
	body := data[:len(data)-4]
	trailer := binary.LittleEndian.Uint32(data[len(body):])
	// A file a reader already checked is not read whole again (checked.go).
	id, identified := identify(fi)
	if !identified || !stampSays(path, id, trailer) {
		sum, err := checksum(f, body, mapped)
		if err != nil {
			return none, err
		}
		if sum != trailer {
			return none, badFile("%s fails its checksum", path)
		}
		if identified {
			writeStamp(path, id, trailer)
		}
	}
	fresh, h, aliased, err := decodeFile(body, x.dim, x.opts, want)
	if err != nil {
		return none, fmt.Errorf("%s: %w", path, err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.unmap()
	x.vecs, x.scales, x.meta, x.byID, x.byNote, x.sigs, x.rot = fresh.vecs, fresh.scales, fresh.meta, fresh.byID, fresh.byNote, fresh.sigs, fresh.rot
	x.strs, x.strN = fresh.strs, fresh.strN
	if mapped && aliased {
		x.mapped, keep = data, true
	}
	return h, nil
}

// checksums counts the files checked whole, for tests.
var checksums atomic.Int64

// checksum returns the CRC-32C of body, the bytes of f but its trailer.
func checksum(f *os.File, body []byte, mapped bool) (uint32, error) {
	checksums.Add(1)
	if !mapped {
		return crc32.Checksum(body, castagnoli), nil
	}
	// Through the descriptor rather than the mapping, so that checking
	// does not make every page of the mapping resident: only the pages
	// searches touch become so. The file is never written in place, so
	// the mapping holds the bytes read.
	crc := crc32.New(castagnoli)
	if _, err := io.CopyBuffer(crc, io.NewSectionReader(f, 0, int64(len(body))), make([]byte, 1<<20)); err != nil {
		return 0, err
	}
	return crc.Sum32(), nil
}

// unmap releases the file mapping the index reads; called with the write
// lock held, when nothing points into the mapping any more.
func (x *Index) unmap() {
	if x.mapped != nil {
		unmapFile(x.mapped)
		x.mapped = nil
	}
}

// releaseMapping unmaps the file once the vectors, scales and signatures have
// moved out of it (appends past its end copy them to the heap); called
// with the write lock held.
func (x *Index) releaseMapping() {
	if x.mapped == nil {
		return
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(x.mapped)))
	hi := lo + uintptr(len(x.mapped))
	in := func(p unsafe.Pointer) bool { return uintptr(p) >= lo && uintptr(p) < hi }
	if in(unsafe.Pointer(unsafe.SliceData(x.vecs))) || in(unsafe.Pointer(unsafe.SliceData(x.scales))) ||
		in(unsafe.Pointer(unsafe.SliceData(x.sigs))) {
		return
	}
	x.unmap()
}

// decoder reads the sections of a file's bytes.
type decoder struct {
	b   []byte
	off int
}

func (d *decoder) take(n uint64) ([]byte, error) {
	if n > uint64(len(d.b)-d.off) {
		return nil, badFile("cut short at byte %d (%d more wanted)", d.off, n)
	}
	out := d.b[d.off : d.off+int(n)]
	d.off += int(n)
	return out, nil
}

func (d *decoder) u32() (uint32, error) {
	b, err := d.take(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (d *decoder) u64() (uint64, error) {
	b, err := d.take(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

func (d *decoder) str() (string, error) {
	n, err := d.u32()
	if err != nil {
		return "", err
	}
	b, err := d.take(uint64(n))
	return string(b), err
}

func (d *decoder) section() ([]byte, error) {
	n, err := d.u64()
	if err != nil {
		return nil, err
	}
	return d.take(n)
}

// align skips the padding up to a multiple of n bytes.
func (d *decoder) align(n int) error {
	_, err := d.take(uint64(pad(d.off, n)))
	return err
}

// pad is how many bytes bring off to a multiple of n.
func pad(off, n int) int { return (n - off%n) % n }

// decodeFile decodes a file's bytes but the trailer into a new index, and
// says whether its vectors or signatures point into b.
func decodeFile(b []byte, dim int, o Options, want FileHeader) (*Index, FileHeader, bool, error) {
	var none FileHeader
	fail := func(err error) (*Index, FileHeader, bool, error) { return nil, none, false, err }
	d := &decoder{b: b}
	magic, err := d.take(8)
	if err != nil {
		return fail(err)
	}
	if [8]byte(magic) != fileMagic {
		return fail(badFile("not an index file"))
	}
	version, err := d.u32()
	if err != nil {
		return fail(err)
	}
	if version != FileVersion {
		return fail(badFile("format version %d; want %d", version, FileVersion))
	}
	fdim, err := d.u32()
	if err != nil {
		return fail(err)
	}
	if int(fdim) != dim {
		return fail(badFile("vectors of %d dimensions; want %d", fdim, dim))
	}
	count, err := d.u64()
	if err != nil {
		return fail(err)
	}
	if count > uint64(len(b))/uint64(elemSize*dim+4) {
		return fail(badFile("%d points cannot fit in %d bytes", count, len(b)))
	}
	flags, err := d.u32()
	if err != nil {
		return fail(err)
	}
	cp, err := d.u64()
	if err != nil {
		return fail(err)
	}
	emb, err := d.u64()
	if err != nil {
		return fail(err)
	}
	model, err := d.str()
	if err != nil {
		return fail(err)
	}
	scope, err := d.str()
	if err != nil {
		return fail(err)
	}
	if model != want.Model {
		return fail(badFile("vectors of the model %q; want %q", model, want.Model))
	}
	if scope != want.Scope {
		return fail(badFile("vectors of the vault %q; want %q", scope, want.Scope))
	}
	h := FileHeader{Model: model, Scope: scope, Checkpoint: int64(cp), Embedded: int64(emb)}
	st, err := d.section()
	if err != nil {
		return fail(err)
	}
	table, err := parseStrings(st)
	if err != nil {
		return fail(err)
	}
	pts, err := d.section()
	if err != nil {
		return fail(err)
	}
	n := int(count)
	x := NewWithOptions(dim, o)
	x.meta = make([]point, n)
	x.byID, x.byNote, x.strN = nil, nil, nil // built on the first change
	if err := x.parsePoints(pts, table); err != nil {
		return fail(err)
	}
	if err := d.align(vecAlign); err != nil {
		return fail(err)
	}
	vb, err := d.take(uint64(n) * uint64(dim) * elemSize)
	if err != nil {
		return fail(err)
	}
	var aliased bool
	x.vecs, aliased = elemsOf(vb)
	if err := d.align(4); err != nil {
		return fail(err)
	}
	cb, err := d.take(uint64(n) * 4)
	if err != nil {
		return fail(err)
	}
	var al bool
	x.scales, al = floatsOf(cb)
	aliased = aliased || al
	if flags&flagSigs != 0 {
		if err := d.align(8); err != nil {
			return fail(err)
		}
		sb, err := d.take(uint64(n) * sigWords * 8)
		if err != nil {
			return fail(err)
		}
		x.sigs, al = wordsOf(sb)
		aliased = aliased || al
		x.rot = newRotation(dim)
	}
	if d.off != len(b) {
		return fail(badFile("%d bytes after the points", len(b)-d.off))
	}
	// As a freshly built index of this size would be, whatever the
	// options of the process that wrote the file.
	if !x.approximate() {
		x.sigs, x.rot = nil, nil
	} else if x.sigs == nil {
		x.enableANN()
	}
	return x, h, aliased, nil
}

// vecAlign is the alignment of the vectors section in the file.
const vecAlign = 64

// floatsOf returns the little-endian float32s of b: b itself when the
// machine's layout and b's alignment allow (true), else a copy.
func floatsOf(b []byte) ([]float32, bool) {
	n := len(b) / 4
	if n == 0 {
		return nil, false
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%4 == 0 {
		return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n), true
	}
	v := make([]float32, n)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, false
}

// elemsOf is floatsOf for quantized coordinates.
func elemsOf(b []byte) ([]elem, bool) {
	n := len(b) / elemSize
	if n == 0 {
		return nil, false
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%elemSize == 0 {
		return unsafe.Slice((*elem)(unsafe.Pointer(&b[0])), n), true
	}
	v := make([]elem, n)
	for i := range v {
		v[i] = elem(binary.LittleEndian.Uint16(b[elemSize*i:]))
	}
	return v, false
}

// wordsOf is floatsOf for uint64s.
func wordsOf(b []byte) ([]uint64, bool) {
	n := len(b) / 8
	if n == 0 {
		return nil, false
	}
	if littleEndian && uintptr(unsafe.Pointer(&b[0]))%8 == 0 {
		return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n), true
	}
	v := make([]uint64, n)
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return v, false
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

// parsePoints fills x.meta from the points section, its strings
// numbered as in table (which becomes x.strs). The tags of every point
// share one array.
func (x *Index) parsePoints(b []byte, table []string) error {
	le := binary.LittleEndian
	str := func(i uint32) (uint32, error) {
		if int(i) >= len(table) {
			return 0, badFile("string %d of %d", i, len(table))
		}
		return i, nil
	}
	var err error
	// the bytes beyond 48 a point are its tags
	tags := make([]uint32, 0, max(0, len(b)-48*len(x.meta))/4)
	for i := range x.meta {
		if len(b) < 48 {
			return badFile("the points are cut short")
		}
		m := &x.meta[i]
		m.id, m.note = uuid.UUID(b[0:16]), uuid.UUID(b[16:32])
		m.chunk = int32(le.Uint32(b[32:]))
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
			k := len(tags)
			for j := range int(nt) {
				t, err := str(le.Uint32(b[4*j:]))
				if err != nil {
					return err
				}
				tags = append(tags, t)
			}
			m.tags = tags[k:len(tags):len(tags)]
			b = b[4*nt:]
		}
	}
	x.strs = table
	if len(b) != 0 {
		return badFile("%d bytes after the points", len(b))
	}
	return nil
}
