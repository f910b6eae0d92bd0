package vault

// SetBeforeSwap sets the hook run between a write's check and its swap.
func SetBeforeSwap(f func(abs string)) { beforeSwap = f }
