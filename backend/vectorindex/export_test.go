package vectorindex

// Checksums returns how many files ReadFile has checked whole.
func Checksums() int64 { return checksums.Load() }
