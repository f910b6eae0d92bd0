//go:build linux && cgo

package app

/*
#cgo linux pkg-config: gtk+-3.0
#include <gtk/gtk.h>

static gboolean secondbrainQuit(gpointer data) {
	gtk_main_quit();
	return G_SOURCE_REMOVE;
}

// secondbrainQuitOnMain queues gtk_main_quit on the GTK main loop;
// g_idle_add may be called from any thread.
static void secondbrainQuitOnMain(void) {
	g_idle_add(secondbrainQuit, NULL);
}
*/
import "C"

// quitWindow ends the window's main loop, after which Wails runs
// OnShutdown. On Linux Wails' own Quit calls gtk_main_quit on the calling
// goroutine's thread, and GTK is not thread-safe: from the signal handler's
// goroutine it crashed the app (SIGSEGV in gtk_main_quit) before the
// embedded PostgreSQL was stopped. Queued on the main loop it is safe.
func (a *App) quitWindow() {
	C.secondbrainQuitOnMain()
}
