package mcp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"secondbrain/app/mcp"
	"secondbrain/backend"
	"secondbrain/backend/agent"
	"secondbrain/backend/pgserver/pgtest"
)

// TestStdio runs `secondbrain mcp` as its own process and talks to it over
// stdin and stdout, as desktop clients do.
func TestStdio(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfgHome := t.TempDir()
	if err := os.MkdirAll(filepath.Join(cfgHome, "secondbrain"), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := `{"agents": {"allow_writes": true, "private_folders": ["private"]}}`
	if err := os.WriteFile(filepath.Join(cfgHome, "secondbrain", "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "mcp", "--postgres", pgtest.NewDatabase(t), "--data-dir", t.TempDir())
	cmd.Env = append(os.Environ(), cliHelperEnv+"=1", "XDG_CONFIG_HOME="+cfgHome)
	cmd.Stderr = os.Stderr
	client := sdk.NewClient(&sdk.Implementation{Name: "stdio-test", Version: "1"}, nil)
	cs, err := client.Connect(context.Background(), &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &brain{cs: cs}
	var w agent.WriteResult
	b.mustCall(t, "create_note", map[string]any{"title": "Over stdio", "body": "Hello from a process.\n"}, &w)
	if w.Version != 1 {
		t.Errorf("create over stdio: %+v", w)
	}
	if msg := b.call(t, "create_note", map[string]any{"title": "Hidden", "folder": "private"}, nil); !strings.HasPrefix(msg, "invalid:") {
		t.Errorf("the config file's private folder is not applied: %q", msg)
	}
	var l agent.NoteList
	b.mustCall(t, "list_notes", nil, &l)
	if l.Total != 1 || l.Notes[0].Title != "Over stdio" {
		t.Errorf("list over stdio: %+v", l)
	}
	if err := cs.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if cmd.ProcessState == nil || !cmd.ProcessState.Success() {
		t.Errorf("the server did not exit cleanly when the client left: %v", cmd.ProcessState)
	}
}

// bearer adds an Authorization header to every request.
type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if b.token != "" {
		r.Header.Set("Authorization", "Bearer "+b.token)
	}
	return b.next.RoundTrip(r)
}

func TestHTTPToken(t *testing.T) {
	b := openBrain(t, false)
	srv := mcp.NewServer(b.st, mcp.Options{Version: "test"})
	hs := httptest.NewServer(mcp.HTTPHandler(srv, "s3cret-token"))
	defer hs.Close()
	connect := func(token string) (*sdk.ClientSession, error) {
		c := sdk.NewClient(&sdk.Implementation{Name: "http-test", Version: "1"}, nil)
		return c.Connect(context.Background(), &sdk.StreamableClientTransport{Endpoint: hs.URL,
			HTTPClient: &http.Client{Transport: bearer{token, http.DefaultTransport}}}, nil)
	}
	for _, tok := range []string{"", "wrong", "s3cret-token2"} {
		if cs, err := connect(tok); err == nil {
			cs.Close()
			t.Errorf("token %q accepted", tok)
		}
	}
	resp, err := http.Post(hs.URL, "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"tools/list"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: status %d; want 401", resp.StatusCode)
	}
	cs, err := connect("s3cret-token")
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	hb := &brain{cs: cs}
	var n agent.NoteText
	hb.mustCall(t, "read_note", map[string]any{"title": "Coffee"}, &n)
	if n.Title != "Coffee" {
		t.Errorf("read over HTTP: %+v", n)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "192.168.1.10:0", ":0", "example.com:80", "nonsense"} {
		if l, err := mcp.Listen(addr); backend.ErrorCode(err) != backend.EINVALID {
			if l != nil {
				l.Close()
			}
			t.Errorf("Listen(%q): %v; want invalid", addr, err)
		}
	}
	l, err := mcp.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
}

// TestConcurrentClients has 8 agents append to the same notes while the
// user (the desktop app's service) edits them too: every write that
// succeeded is in the final text and in the history, none is lost.
func TestConcurrentClients(t *testing.T) {
	b := openBrain(t, true)
	ctx := context.Background()
	srv := mcp.NewServer(b.st, mcp.Options{Version: "test"})
	const agents, rounds = 8, 6
	targets := []string{"Coffee", "Target"}
	var (
		mu    sync.Mutex
		lines = map[string][]string{}
		wg    sync.WaitGroup
	)
	record := func(title, line string) {
		mu.Lock()
		lines[title] = append(lines[title], line)
		mu.Unlock()
	}
	for i := range agents {
		st, ct := sdk.NewInMemoryTransports()
		ss, err := srv.Connect(ctx, st, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ss.Close()
		cs, err := sdk.NewClient(&sdk.Implementation{Name: fmt.Sprintf("agent-%d", i), Version: "1"}, nil).Connect(ctx, ct, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer cs.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				title := targets[(i+r)%len(targets)]
				line := fmt.Sprintf("agent %d round %d", i, r)
				if _, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "search", Arguments: map[string]any{"query": "coffee"}}); err != nil {
					t.Error(err)
					return
				}
				for {
					res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "read_note", Arguments: map[string]any{"title": title}})
					if err != nil || res.IsError {
						t.Errorf("read: %v %v", err, res)
						return
					}
					var n agent.NoteText
					raw, _ := json.Marshal(res.StructuredContent)
					json.Unmarshal(raw, &n)
					res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "edit_note", Arguments: map[string]any{
						"title": title, "expected_version": n.Version, "body": n.Markdown + line + "\n"}})
					if err != nil {
						t.Error(err)
						return
					}
					if !res.IsError {
						record(title, line)
						break
					}
					if txt := res.Content[0].(*sdk.TextContent).Text; !strings.HasPrefix(txt, "conflict:") {
						t.Errorf("edit: %s", txt)
						return
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // the user, through the same service the desktop app uses
		defer wg.Done()
		for r := range rounds * 2 {
			title := targets[r%len(targets)]
			line := fmt.Sprintf("user round %d", r)
			for {
				n, err := b.st.Notes.Find(ctx, title)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err = b.st.Notes.Save(ctx, n.ID.String(), n.Version, n.Body+line+"\n"); err == nil {
					record(title, line)
					break
				} else if backend.ErrorCode(err) != backend.ECONFLICT {
					t.Error(err)
					return
				}
			}
		}
	}()
	wg.Wait()
	total := 0
	for _, title := range targets {
		n, err := b.st.Notes.Find(ctx, title)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines[title] {
			if strings.Count(n.Body, l+"\n") != 1 {
				t.Errorf("%s: line %q appears %d times; want once", title, l, strings.Count(n.Body, l+"\n"))
			}
		}
		hist, err := b.st.Notes.History(ctx, n.ID.String())
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1+len(lines[title]) {
			t.Errorf("%s: %d versions in history; want %d (1 + every write)", title, len(hist), 1+len(lines[title]))
		}
		total += len(lines[title])
	}
	if total != agents*rounds+rounds*2 {
		t.Errorf("%d writes; want %d", total, agents*rounds+rounds*2)
	}
}
