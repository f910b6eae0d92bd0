// Package memstat measures the Go heap for benchmarks that report what a
// structure costs.
package memstat

import "runtime"

// Live returns the bytes of heap in use after two garbage collections (the
// second frees what sync.Pools kept through the first), so that a reading
// before and after building a structure differ by what it holds.
func Live() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
