//go:build !(linux && cgo)

package app

import wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

// quitWindow asks Wails to close the window, after which it runs OnShutdown.
func (a *App) quitWindow() {
	wruntime.Quit(a.ctx)
}
