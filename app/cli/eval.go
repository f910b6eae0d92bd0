package cli

// eval is being built (issue 3); it answers with a usage error until then.
func (e *env) eval(args []string) error { return usageError{"eval is not available yet"} }
