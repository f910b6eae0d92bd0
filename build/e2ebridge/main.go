//go:build e2e

// Command e2ebridge serves the built frontend to a browser with its bound
// calls answered by the real backend over HTTP, for the end-to-end tests
// only: it is built with the e2e tag and never ships in the app.
//
// It opens the same app.App the window runs, with the embedded PostgreSQL in
// a fresh data dir, listens on 127.0.0.1 only and serves:
//
//	GET  /                          frontend/dist, index.html with the shim injected
//	GET  /__e2e/shim.js             window.go.app.* and window.runtime over this bridge
//	POST /call/<Struct>/<Method>    a JSON array of args → the JSON result, or the
//	                                app.FormatError string with status 422
//	GET  /__e2e/events              every event the app emits, as server-sent events
//	GET  /__e2e/log                 every event emitted so far, as a JSON array
//	POST /__e2e/pick-folder         {"path": …}: what ImportAPI.PickFolder answers next
//	GET  /attachments/…             the app's own handler, as the Wails asset server does
//
// Usage: e2ebridge -dist frontend/dist [-addr 127.0.0.1:0] [-data-dir DIR] [-url-file FILE]
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"secondbrain/app"
	"secondbrain/backend/config"
)

//go:embed shim.js
var shimJS []byte

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address; the host must be 127.0.0.1")
	dist := flag.String("dist", "frontend/dist", "the built frontend")
	dataDir := flag.String("data-dir", "", "data dir for the embedded PostgreSQL (default: a fresh temporary one, removed on exit)")
	urlFile := flag.String("url-file", "", "write the base URL here once serving")
	flag.Parse()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if err := run(*addr, *dist, *dataDir, *urlFile, log); err != nil {
		log.Error("e2ebridge failed", "err", err)
		os.Exit(1)
	}
}

func run(addr, dist, dataDir, urlFile string, log *slog.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host != "127.0.0.1" {
		return fmt.Errorf("listen address %q: only 127.0.0.1 is allowed", addr)
	}
	index, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		return fmt.Errorf("read the built frontend (run npm run build): %w", err)
	}
	if dataDir == "" {
		if dataDir, err = os.MkdirTemp("", "secondbrain-e2e-"); err != nil {
			return err
		}
		defer os.RemoveAll(dataDir)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg := config.Default()
	cfg.DataDir = dataDir
	a := app.New(cfg, log, "dev")
	ev := newBroker(log)
	dl := &folderPicker{}
	start := time.Now()
	if err := a.RunHeadless(context.WithoutCancel(ctx), ev, dl); err != nil {
		a.Shutdown(context.Background())
		return fmt.Errorf("start the backend: %w", err)
	}
	defer a.Shutdown(context.Background())
	log.Info("backend ready", "dur", time.Since(start), "data_dir", dataDir)

	b := &bridge{calls: bindings(a.Options(nil).Bind), app: a, events: ev, picker: dl, log: log}
	b.index = injectShim(index)
	b.shim = b.shimSource()
	b.assets = http.FileServer(http.Dir(dist))

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: b, ReadHeaderTimeout: 10 * time.Second}
	url := "http://" + ln.Addr().String()
	if urlFile != "" {
		if err := os.WriteFile(urlFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}
	log.Info("serving", "url", url)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	ev.close()
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutCtx)
}

// bridge is the HTTP face of the bound APIs.
type bridge struct {
	calls  map[string]map[string]reflect.Value // struct → method → bound func
	app    http.Handler                        // what is not a frontend asset (attachments)
	events *broker
	picker *folderPicker
	log    *slog.Logger
	index  []byte
	shim   []byte
	assets http.Handler
}

// bindings indexes the exported methods of the bound structs by struct and method name.
func bindings(bound []any) map[string]map[string]reflect.Value {
	out := map[string]map[string]reflect.Value{}
	for _, b := range bound {
		v := reflect.ValueOf(b)
		t := v.Type()
		name := t.Elem().Name()
		out[name] = map[string]reflect.Value{}
		for i := range t.NumMethod() {
			out[name][t.Method(i).Name] = v.Method(i)
		}
	}
	return out
}

func (b *bridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/call/"):
		b.call(w, r)
	case p == "/__e2e/shim.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b.shim)
	case p == "/__e2e/events":
		b.events.serveSSE(w, r)
	case p == "/__e2e/log":
		writeJSON(w, http.StatusOK, b.events.logged())
	case p == "/__e2e/pick-folder":
		b.pickFolder(w, r)
	case strings.HasPrefix(p, app.AttachmentsRoute):
		b.app.ServeHTTP(w, r)
	case p == "/" || p == "/index.html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b.index)
	default:
		b.assets.ServeHTTP(w, r)
	}
}

// call invokes a bound method the way Wails does: one JSON value per
// parameter, the first result as JSON, a non-nil error through FormatError.
func (b *bridge) call(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST a JSON array of arguments", http.StatusMethodNotAllowed)
		return
	}
	// A JSON content type makes a cross-site request preflight, which this bridge never answers.
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		http.Error(w, "Content-Type must be application/json", http.StatusUnsupportedMediaType)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/call/"), "/")
	if len(parts) != 2 {
		http.Error(w, "want /call/<Struct>/<Method>", http.StatusNotFound)
		return
	}
	fn, ok := b.calls[parts[0]][parts[1]]
	if !ok {
		http.Error(w, fmt.Sprintf("no bound method app.%s.%s", parts[0], parts[1]), http.StatusNotFound)
		return
	}
	var args []json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&args); err != nil {
		http.Error(w, "the body must be a JSON array of arguments: "+err.Error(), http.StatusBadRequest)
		return
	}
	ft := fn.Type()
	if len(args) != ft.NumIn() {
		http.Error(w, fmt.Sprintf("received %d arguments to method 'app.%s.%s', expected %d", len(args), parts[0], parts[1], ft.NumIn()), http.StatusBadRequest)
		return
	}
	in := make([]reflect.Value, len(args))
	for i, raw := range args {
		p := reflect.New(ft.In(i))
		if err := json.Unmarshal(raw, p.Interface()); err != nil {
			http.Error(w, fmt.Sprintf("argument %d of app.%s.%s: %v", i+1, parts[0], parts[1], err), http.StatusBadRequest)
			return
		}
		in[i] = p.Elem()
	}
	start := time.Now()
	result, err := invoke(fn, in)
	b.log.Debug("call", "op", parts[0]+"."+parts[1], "dur", time.Since(start), "err", err)
	if err != nil {
		writeJSONText(w, http.StatusUnprocessableEntity, app.FormatError(err))
		return
	}
	writeJSON(w, http.StatusOK, result)
}

var errorType = reflect.TypeFor[error]()

// invoke calls fn and splits its results into the value and the error.
func invoke(fn reflect.Value, in []reflect.Value) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("e2ebridge: bound method panicked: %v", p)
		}
	}()
	out := fn.Call(in)
	if n := len(out); n > 0 && fn.Type().Out(n-1) == errorType {
		if e, _ := out[n-1].Interface().(error); e != nil {
			return nil, e
		}
		out = out[:n-1]
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out[0].Interface(), nil
}

// writeJSONText writes the formatter's value: a string that already holds JSON goes out as is.
func writeJSONText(w http.ResponseWriter, status int, v any) {
	s, ok := v.(string)
	if !ok {
		writeJSON(w, status, v)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(s))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "e2ebridge: encode result: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func (b *bridge) pickFolder(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		http.Error(w, `POST {"path": …} as application/json`, http.StatusBadRequest)
		return
	}
	var req struct{ Path string }
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b.picker.set(req.Path)
	w.WriteHeader(http.StatusNoContent)
}

// shimSource is shim.js after a line that lists the bound methods.
func (b *bridge) shimSource() []byte {
	methods := map[string][]string{}
	for s, ms := range b.calls {
		for m := range ms {
			methods[s] = append(methods[s], m)
		}
		sort.Strings(methods[s])
	}
	list, _ := json.Marshal(methods)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "window.__e2eBindings = %s;\n", list)
	buf.Write(shimJS)
	return buf.Bytes()
}

// injectShim loads the shim before any of the app's scripts.
func injectShim(index []byte) []byte {
	tag := []byte(`<script src="/__e2e/shim.js"></script>`)
	if i := bytes.Index(index, []byte("<head>")); i >= 0 {
		i += len("<head>")
		return append(append(append([]byte{}, index[:i]...), tag...), index[i:]...)
	}
	return append(tag, index...)
}

// folderPicker answers ImportAPI.PickFolder with the path a test set.
type folderPicker struct {
	mu   sync.Mutex
	path string
}

func (f *folderPicker) set(p string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.path = p
}

// PickFolder implements app.Dialogs.
func (f *folderPicker) PickFolder(string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.path, nil
}

// broker fans the app's events out to every event stream and keeps a log.
type broker struct {
	log  *slog.Logger
	mu   sync.Mutex
	subs map[chan []byte]struct{}
	all  []json.RawMessage
	done chan struct{}
	once sync.Once
}

func newBroker(log *slog.Logger) *broker {
	return &broker{log: log, subs: map[chan []byte]struct{}{}, done: make(chan struct{})}
}

// Emit implements app.Events: the data arrives as the listener's one argument, as with Wails.
func (b *broker) Emit(name string, data any) {
	msg, err := json.Marshal(map[string]any{"name": name, "data": []any{data}})
	if err != nil {
		b.log.Error("encode event", "err", err, "op", name)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.all = append(b.all, msg)
	for c := range b.subs {
		select {
		case c <- msg:
		default:
			b.log.Warn("event stream full; event dropped", "op", name)
		}
	}
}

func (b *broker) logged() []json.RawMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]json.RawMessage{}, b.all...)
}

func (b *broker) close() { b.once.Do(func() { close(b.done) }) }

func (b *broker) serveSSE(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan []byte, 4096)
	b.mu.Lock()
	b.subs[c] = struct{}{}
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.subs, c)
		b.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": connected\n\n")
	fl.Flush()
	for {
		select {
		case msg := <-c:
			if _, err := fmt.Fprintf(w, "data: %s\n\n", msg); err != nil {
				return
			}
			fl.Flush()
		case <-r.Context().Done():
			return
		case <-b.done:
			return
		}
	}
}

var _ app.Events = (*broker)(nil)
var _ app.Dialogs = (*folderPicker)(nil)
