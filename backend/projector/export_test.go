package projector

// SetRunHook makes Run call hook after each pass. Call it before Run.
func SetRunHook(p *Projector, hook func()) { p.onPass = hook }
