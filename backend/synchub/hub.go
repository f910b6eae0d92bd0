// Package synchub is the sync hub on a PostgreSQL the user can reach: it
// implements devicesync.Hub with pgx.
//
// # What the hub holds
//
// Its own tables, prefixed sb_, made by versioned migrations (migrate.go)
// and recorded in sb_sync_schema: the keyring (opaque bytes, the vault key
// wrapped by the passphrase and the recovery code — see backend/syncseal),
// the devices (id, the name the caller gives, the SHA-256 of the device's
// token), the changes (the hub's seq, device id and seq, size, time, sealed
// bytes) and the attachments (keyed-hash id, size, sealed bytes). It never
// holds plaintext of the vault: whatever a device wants private it seals
// before calling; a device name is stored as given (the engine seals or
// encodes it if it wants it hidden).
//
// # Ordering
//
// A change's seq comes from an identity column, drawn when the row is
// inserted but visible only when its transaction commits. Two concurrent
// pushes could commit out of order (seq 8 before seq 7), and a device that
// pulled "seq > 6" in between would move its checkpoint to 8 and never see
// 7. Push therefore takes a transaction-level advisory lock before drawing
// seqs, held until commit: pushes run one at a time, so seqs become
// visible in order and a checkpoint never skips one. (Seqs of a rolled-back
// push are never used; gaps are harmless, only reordering would lose.)
// Pushes are short and batched, so the serialization costs little.
//
// # Connection strings and secrets
//
// Open takes a libpq DSN, keyword/value or URL; pgx honours sslmode (and
// sslrootcert, sslcert…) as libpq does. No error or log line of this
// package shows the password: connection errors name host, database and
// user, and pass driver text through Redact.
package synchub

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"secondbrain/backend"
	"secondbrain/backend/devicesync"
)

// channel is the NOTIFY channel of new changes; the payload is the highest
// seq of the push.
const channel = "sb_changes"

// defaultPullLimit is Pull's limit when the caller gives none.
const defaultPullLimit = 1000

var (
	// ErrSeqGap is returned by Push when the first new change does not
	// follow the device's last change on the hub, or the changes of one
	// push do not follow each other: a change would be lost.
	ErrSeqGap = errors.New("synchub: a change is missing before the pushed ones")
	// ErrNotRegistered is returned by Push for a device the hub does not
	// know (Register it first).
	ErrNotRegistered = errors.New("synchub: the device is not registered on the hub")
)

// Hub is a sync hub on PostgreSQL. It is safe for concurrent use.
type Hub struct {
	pool   *pgxpool.Pool
	log    *slog.Logger
	target string // host, database and user, for messages
	// listen, pollInterval and recheck steer Wait: LISTEN when listen is
	// set, trusting it for recheck before reading Head again; polling every
	// pollInterval otherwise or when LISTEN fails.
	listen       bool
	pollInterval time.Duration
	recheck      time.Duration
	// listening, when set (tests), is called when Wait is about to block
	// on LISTEN.
	listening func()
}

var (
	_ devicesync.Hub             = (*Hub)(nil)
	_ devicesync.KeyringReplacer = (*Hub)(nil)
)

// Open connects to the hub database of dsn and brings its schema to
// SchemaVersion. Errors: devicesync.ErrHubTooNew (wrapped, naming both
// versions) for a hub a newer app migrated; a *backend.Error with code
// EINVALID for a malformed DSN, EUNAVAILABLE when the server cannot be
// reached or refuses the login. No message contains the password.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*Hub, error) {
	const op = "synchub.Open"
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The parse error can quote the DSN; keep only its innermost cause.
		msg := "the hub's PostgreSQL connection string is not valid"
		if cause := errors.Unwrap(err); cause != nil {
			msg += ": " + Redact(cause.Error())
		}
		return nil, &backend.Error{Code: backend.EINVALID, Op: op, Message: msg}
	}
	h := &Hub{
		log:          logger.With("component", "synchub"),
		target:       describe(cfg.ConnConfig),
		listen:       true,
		pollInterval: 2 * time.Second,
		recheck:      30 * time.Second,
	}
	password := cfg.ConnConfig.Password
	unavailable := func(what string, err error) error {
		return &backend.Error{Code: backend.EUNAVAILABLE, Op: op,
			Message: fmt.Sprintf("%s the sync hub at %s: %s", what, h.target, scrub(backend.Cause(err), password))}
	}
	h.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, unavailable("cannot connect to", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := h.pool.Ping(pingCtx); err != nil {
		h.pool.Close()
		return nil, unavailable("cannot connect to", err)
	}
	if err := migrate(ctx, h.pool); err != nil {
		h.pool.Close()
		if errors.Is(err, devicesync.ErrHubTooNew) {
			return nil, err
		}
		return nil, unavailable("cannot set up the schema of", err)
	}
	return h, nil
}

// describe names a hub for messages: host, database and user, never the
// password.
func describe(cfg *pgx.ConnConfig) string {
	host := cfg.Host
	if cfg.Port != 0 && (host == "" || host[0] != '/') {
		host = fmt.Sprintf("%s:%d", host, cfg.Port)
	}
	return fmt.Sprintf("host %s, database %q, user %q", host, cfg.Database, cfg.User)
}

// scrub removes password from a driver message, should one quote it.
func scrub(msg, password string) string {
	if len(password) < 3 {
		return msg
	}
	return strings.ReplaceAll(msg, password, backend.Redacted)
}

// Close releases the hub's connections.
func (h *Hub) Close() error {
	h.pool.Close()
	return nil
}

// Keyring returns the vault's keyring; devicesync.ErrNoVault before one
// was stored.
func (h *Hub) Keyring(ctx context.Context) (devicesync.Keyring, error) {
	var blob []byte
	err := h.pool.QueryRow(ctx, `SELECT blob FROM sb_keyring`).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return devicesync.Keyring{}, devicesync.ErrNoVault
	}
	if err != nil {
		return devicesync.Keyring{}, h.fail("read the keyring", err)
	}
	return devicesync.Keyring{Blob: blob}, nil
}

// InitKeyring stores the vault's keyring; devicesync.ErrVaultExists when
// the hub holds one (the first of two racing devices wins).
func (h *Hub) InitKeyring(ctx context.Context, k devicesync.Keyring) error {
	if len(k.Blob) == 0 {
		return errors.New("synchub: an empty keyring")
	}
	tag, err := h.pool.Exec(ctx, `INSERT INTO sb_keyring (blob) VALUES ($1) ON CONFLICT (id) DO NOTHING`, k.Blob)
	if err != nil {
		return h.fail("store the keyring", err)
	}
	if tag.RowsAffected() == 0 {
		return devicesync.ErrVaultExists
	}
	return nil
}

// ReplaceKeyring swaps the keyring for next if it still is old (after a
// passphrase change, syncseal.Rewrap); devicesync.ErrKeyringChanged when
// another device replaced it meanwhile, devicesync.ErrNoVault when there
// is none.
func (h *Hub) ReplaceKeyring(ctx context.Context, old, next devicesync.Keyring) error {
	if len(next.Blob) == 0 {
		return errors.New("synchub: an empty keyring")
	}
	tag, err := h.pool.Exec(ctx, `UPDATE sb_keyring SET blob = $2, updated_at = now() WHERE blob = $1`, old.Blob, next.Blob)
	if err != nil {
		return h.fail("replace the keyring", err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	if _, err := h.Keyring(ctx); err != nil {
		return err
	}
	return devicesync.ErrKeyringChanged
}

// tokenHash is what the hub keeps of a device token.
func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Register adds the device, or confirms it (and updates its name) when its
// id and token are known; devicesync.ErrDeviceTaken when the id is
// registered with another token.
func (h *Hub) Register(ctx context.Context, d devicesync.Device) error {
	if d.ID == uuid.Nil || d.Token == "" {
		return errors.New("synchub: a device needs an id and a token")
	}
	return pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sb_devices (id, name, token_hash) VALUES ($1, $2, $3)
ON CONFLICT (id) DO NOTHING`, d.ID, d.Name, tokenHash(d.Token)); err != nil {
			return h.fail("register the device", err)
		}
		if err := checkToken(ctx, tx, d); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE sb_devices SET name = $2 WHERE id = $1 AND name <> $2`, d.ID, d.Name); err != nil {
			return h.fail("rename the device", err)
		}
		return nil
	})
}

// checkToken checks d's token against the hub's; ErrNotRegistered or
// devicesync.ErrDeviceTaken.
func checkToken(ctx context.Context, tx pgx.Tx, d devicesync.Device) error {
	var stored []byte
	err := tx.QueryRow(ctx, `SELECT token_hash FROM sb_devices WHERE id = $1`, d.ID).Scan(&stored)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w (device %s)", ErrNotRegistered, d.ID)
	}
	if err != nil {
		return fmt.Errorf("synchub: read the device: %w", err)
	}
	if subtle.ConstantTimeCompare(stored, tokenHash(d.Token)) != 1 {
		return devicesync.ErrDeviceTaken
	}
	return nil
}

// Devices lists the registered devices, oldest first, without tokens.
func (h *Hub) Devices(ctx context.Context) ([]devicesync.Device, error) {
	rows, err := h.pool.Query(ctx, `SELECT id, name FROM sb_devices ORDER BY created_at, id`)
	if err != nil {
		return nil, h.fail("list the devices", err)
	}
	ds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (devicesync.Device, error) {
		var d devicesync.Device
		err := r.Scan(&d.ID, &d.Name)
		return d, err
	})
	if err != nil {
		return nil, h.fail("list the devices", err)
	}
	return ds, nil
}

// Push stores envs, the next changes of device d in DeviceSeq order, in
// one transaction and returns their seqs. Changes the hub holds already
// are skipped and keep their seq, so a push cut off before its answer can
// be repeated. Errors: ErrSeqGap when the first new change is not the
// device's last on the hub plus one, or envs skip a number;
// devicesync.ErrDeviceTaken for a wrong token; ErrNotRegistered.
func (h *Hub) Push(ctx context.Context, d devicesync.Device, envs []devicesync.Envelope) ([]int64, error) {
	if len(envs) == 0 {
		return nil, nil
	}
	deviceSeqs := make([]int64, len(envs))
	sealed := make([][]byte, len(envs))
	for i, e := range envs {
		if e.Device != d.ID {
			return nil, fmt.Errorf("synchub: push of device %s holds a change of device %s", d.ID, e.Device)
		}
		if e.DeviceSeq < 1 {
			return nil, fmt.Errorf("synchub: device seq %d; they start at 1", e.DeviceSeq)
		}
		if i > 0 && e.DeviceSeq != envs[i-1].DeviceSeq+1 {
			return nil, fmt.Errorf("%w: device %s pushed change %d after %d", ErrSeqGap, d.ID, e.DeviceSeq, envs[i-1].DeviceSeq)
		}
		deviceSeqs[i], sealed[i] = e.DeviceSeq, e.Sealed
	}
	seqOf := make(map[int64]int64, len(envs))
	err := pgx.BeginFunc(ctx, h.pool, func(tx pgx.Tx) error {
		if err := checkToken(ctx, tx, d); err != nil {
			return err
		}
		// Serialize pushes before drawing seqs (see the package comment).
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, lockClass, lockPush); err != nil {
			return err
		}
		var last int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(device_seq), 0) FROM sb_changes WHERE device_id = $1`, d.ID).Scan(&last); err != nil {
			return err
		}
		first := deviceSeqs[0]
		if last < first-1 {
			return fmt.Errorf("%w: device %s pushed change %d, the hub's last of it is %d", ErrSeqGap, d.ID, first, last)
		}
		if last < deviceSeqs[len(deviceSeqs)-1] {
			var head int64
			err := tx.QueryRow(ctx, `WITH ins AS (
	INSERT INTO sb_changes (device_id, device_seq, size, sealed)
	SELECT $1, u.device_seq, octet_length(u.sealed), u.sealed
	FROM unnest($2::bigint[], $3::bytea[]) AS u (device_seq, sealed)
	WHERE u.device_seq > $4
	ORDER BY u.device_seq
	ON CONFLICT (device_id, device_seq) DO NOTHING
	RETURNING seq)
SELECT coalesce(max(seq), 0) FROM ins`, d.ID, deviceSeqs, sealed, last).Scan(&head)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, strconv.FormatInt(head, 10)); err != nil {
				return err
			}
		}
		rows, err := tx.Query(ctx, `SELECT device_seq, seq FROM sb_changes WHERE device_id = $1 AND device_seq = ANY($2)`, d.ID, deviceSeqs)
		if err != nil {
			return err
		}
		var ds, seq int64
		_, err = pgx.ForEachRow(rows, []any{&ds, &seq}, func() error {
			seqOf[ds] = seq
			return nil
		})
		return err
	})
	if err != nil {
		if errors.Is(err, ErrSeqGap) || errors.Is(err, devicesync.ErrDeviceTaken) || errors.Is(err, ErrNotRegistered) {
			return nil, err
		}
		return nil, h.fail("push", err)
	}
	seqs := make([]int64, len(envs))
	for i, ds := range deviceSeqs {
		seqs[i] = seqOf[ds]
		if seqs[i] == 0 {
			return nil, fmt.Errorf("synchub: push: change %d of device %s not stored", ds, d.ID)
		}
	}
	return seqs, nil
}

// Pull returns up to limit changes with seq > after, in seq order; a limit
// of 0 or less means 1000.
func (h *Hub) Pull(ctx context.Context, after int64, limit int) ([]devicesync.Envelope, error) {
	if limit <= 0 {
		limit = defaultPullLimit
	}
	rows, err := h.pool.Query(ctx, `SELECT seq, device_id, device_seq, sealed, created_at
FROM sb_changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, h.fail("pull", err)
	}
	envs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (devicesync.Envelope, error) {
		var e devicesync.Envelope
		err := r.Scan(&e.Seq, &e.Device, &e.DeviceSeq, &e.Sealed, &e.CreatedAt)
		return e, err
	})
	if err != nil {
		return nil, h.fail("pull", err)
	}
	return envs, nil
}

// Head returns the highest seq stored, 0 for none.
func (h *Hub) Head(ctx context.Context) (int64, error) {
	var head int64
	if err := h.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM sb_changes`).Scan(&head); err != nil {
		return 0, h.fail("read the head", err)
	}
	return head, nil
}

// LastDeviceSeq returns the highest device seq the hub holds of device id,
// 0 for none: where a resumed push starts.
func (h *Hub) LastDeviceSeq(ctx context.Context, id uuid.UUID) (int64, error) {
	var last int64
	if err := h.pool.QueryRow(ctx, `SELECT coalesce(max(device_seq), 0) FROM sb_changes WHERE device_id = $1`, id).Scan(&last); err != nil {
		return 0, h.fail("read the device's last change", err)
	}
	return last, nil
}

// PutBlob stores a sealed attachment under id; storing an id twice keeps
// the first.
func (h *Hub) PutBlob(ctx context.Context, id string, sealed []byte) error {
	if id == "" {
		return errors.New("synchub: an attachment needs an id")
	}
	if _, err := h.pool.Exec(ctx, `INSERT INTO sb_blobs (id, size, sealed) VALUES ($1, $2, $3)
ON CONFLICT (id) DO NOTHING`, id, len(sealed), sealed); err != nil {
		return h.fail("store an attachment", err)
	}
	return nil
}

// Blob returns a sealed attachment; devicesync.ErrNoBlob when missing.
func (h *Hub) Blob(ctx context.Context, id string) ([]byte, error) {
	var sealed []byte
	err := h.pool.QueryRow(ctx, `SELECT sealed FROM sb_blobs WHERE id = $1`, id).Scan(&sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, devicesync.ErrNoBlob
	}
	if err != nil {
		return nil, h.fail("read an attachment", err)
	}
	return sealed, nil
}

// fail wraps a driver error of operation what: EUNAVAILABLE (the hub
// went away or the call was cut short — the caller retries later) or
// ECANCELED when ctx ended.
func (h *Hub) fail(what string, err error) error {
	code := backend.EUNAVAILABLE
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		code = backend.ECANCELED
	}
	return &backend.Error{Code: code, Op: "synchub", Message: "cannot " + what + " on the sync hub at " + h.target, Err: err}
}
