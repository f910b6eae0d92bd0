package devicesync

import (
	"context"
	"errors"
)

// KeyringReplacer is a Hub that can replace its keyring, for a passphrase
// change (syncseal.Rewrap): the vault key stays, only its passphrase wrap
// changes, so no change needs sealing again. backend/synchub implements
// it.
type KeyringReplacer interface {
	// ReplaceKeyring stores next if the hub's keyring still is old;
	// ErrKeyringChanged when another device replaced it meanwhile,
	// ErrNoVault when there is none.
	ReplaceKeyring(ctx context.Context, old, next Keyring) error
}

// ErrKeyringChanged is returned by ReplaceKeyring when the hub's keyring
// is no longer the one the caller read: read and unlock it again.
var ErrKeyringChanged = errors.New("devicesync: the hub's keyring changed meanwhile; unlock it again")
