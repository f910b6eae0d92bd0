//go:build linux

package pgserver

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRootModeChangesLittle runs the cluster under a 0700 folder as root:
// the server's dedicated user gets through with an ACL entry for it alone
// (the folder's mode stays 0700, so no one else gains access), the change is
// recorded for doctor, and a second start changes nothing more.
func TestRootModeChangesLittle(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("root mode: the process is not root")
	}
	parent := filepath.Join(t.TempDir(), "private")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(parent, "data")
	t.Cleanup(func() { killCluster(t, filepath.Join(dataDir, "pg")) })
	srv := mustStart(t, dataDir)
	if srv.RunAs() != dedicatedUser {
		t.Errorf("RunAs() = %q; want the dedicated user %q", srv.RunAs(), dedicatedUser)
	}
	mustStop(t, srv)

	fi, err := os.Stat(parent)
	if err != nil {
		t.Fatal(err)
	}
	changes := AccessChanges(dataDir)
	var forParent *AccessChange
	for i, c := range changes {
		if c.Path == parent {
			forParent = &changes[i]
		}
	}
	if forParent == nil {
		t.Fatalf("no recorded change for %s; got %+v", parent, changes)
	}
	switch forParent.Change {
	case "acl user:" + dedicatedUser + ":--x":
		if fi.Mode().Perm()&0o007 != 0 {
			t.Errorf("mode of %s = %v; others gained access beside the ACL entry", parent, fi.Mode().Perm())
		}
		// Only the dedicated user gets through: nobody cannot.
		if out, err := exec.Command("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "ls", dataDir).CombinedOutput(); err == nil {
			t.Errorf("user nobody could list %s through %s: %s", dataDir, parent, out)
		}
	case "chmod o+x":
		t.Logf("this file system has no ACLs; fell back to o+x")
	default:
		t.Errorf("change = %q", forParent.Change)
	}
	if forParent.ModeBefore != "0700" || forParent.User != dedicatedUser {
		t.Errorf("recorded %+v; want mode_before 0700 and user %s", forParent, dedicatedUser)
	}

	srv = mustStart(t, dataDir)
	if got := len(AccessChanges(dataDir)); got != len(changes) {
		t.Errorf("a second start recorded %d changes; want the %d of the first only", got, len(changes))
	}
	var one int
	if err := connect(t, srv.DSN()).QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
	mustStop(t, srv)
}
