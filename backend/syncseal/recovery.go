package syncseal

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// A recovery code is 30 symbols of Crockford's base32 (0-9 and A-Z without
// I, L, O and U), 150 random bits, shown in 6 groups of 5:
// "7KQ2M-XW3TZ-…". When typed back, case, spaces and dashes don't matter,
// and O, I and L are read as 0, 1 and 1.
const (
	recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	recoveryLen      = 30
	recoveryGroup    = 5
)

// newRecoveryCode returns a fresh code in normal form (30 symbols, no
// separators).
func newRecoveryCode() string {
	b := make([]byte, recoveryLen)
	rand.Read(b)
	for i := range b {
		b[i] = recoveryAlphabet[b[i]&31]
	}
	return string(b)
}

// FormatRecoveryCode returns code in groups of five separated by dashes,
// the form shown to the user.
func FormatRecoveryCode(code string) string {
	norm := normalizeRecovery(code)
	var sb strings.Builder
	for i := 0; i < len(norm); i += recoveryGroup {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(norm[i:min(i+recoveryGroup, len(norm))])
	}
	return sb.String()
}

// normalizeRecovery returns a typed code without spaces and dashes, upper
// case, with O, I and L read as 0, 1 and 1.
func normalizeRecovery(code string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(code) {
		switch {
		case r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '_':
		case r == 'O':
			sb.WriteByte('0')
		case r == 'I' || r == 'L':
			sb.WriteByte('1')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// checkRecovery says what is wrong with a normalized code, so a typo in its
// length or alphabet is named rather than costing an Argon2 derivation.
func checkRecovery(norm string) error {
	for _, r := range norm {
		if !strings.ContainsRune(recoveryAlphabet, r) {
			return fmt.Errorf("%w: %q is not a recovery code character", ErrWrongRecoveryCode, r)
		}
	}
	if len(norm) != recoveryLen {
		return fmt.Errorf("%w: it has %d characters; a recovery code has %d", ErrWrongRecoveryCode, len(norm), recoveryLen)
	}
	return nil
}
