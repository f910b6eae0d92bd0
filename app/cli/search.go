package cli

// search is being built (issue 3); it answers with a usage error until then.
func (e *env) search(args []string) error { return usageError{"search is not available yet"} }
