package syncseal

import "secondbrain/backend/devicesync"

// Scheme is the vault-key scheme of this package as device sync uses it
// (devicesync.KeyScheme): Argon2id-wrapped keyrings, XChaCha20-Poly1305
// sealers. Params zero means DefaultParams.
type Scheme struct {
	Params Params
}

var _ devicesync.KeyScheme = Scheme{}

func (sc Scheme) params() Params {
	if sc.Params == (Params{}) {
		return DefaultParams
	}
	return sc.Params
}

// NewKeyring makes a fresh vault key and its keyring, wrapped by the
// passphrase and by a new recovery code, which it returns.
func (sc Scheme) NewKeyring(passphrase string) (devicesync.Keyring, []byte, string, error) {
	k, s, code, err := NewKeyringParams(passphrase, sc.params())
	if err != nil {
		return devicesync.Keyring{}, nil, "", err
	}
	return k, s.KeyBytes(), code, nil
}

// Unlock returns the vault key of k; devicesync.ErrWrongPassphrase when
// the passphrase does not open it.
func (sc Scheme) Unlock(k devicesync.Keyring, passphrase string) ([]byte, error) {
	s, err := Unlock(k, passphrase)
	if err != nil {
		return nil, err
	}
	return s.KeyBytes(), nil
}

// Sealer returns the sealer of a vault key.
func (sc Scheme) Sealer(key []byte) (devicesync.Sealer, error) {
	return FromKey(key)
}
