package cli

// importVault and exportVault are being built (issue 3).
func (e *env) importVault(args []string) error { return usageError{"import is not available yet"} }

func (e *env) exportVault(args []string) error { return usageError{"export is not available yet"} }
