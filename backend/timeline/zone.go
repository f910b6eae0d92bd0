package timeline

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"secondbrain/backend"
)

// SettingZone is the settings key of the time zone the timeline buckets
// by: an IANA name ("Europe/Berlin"); unset, the system's zone.
const SettingZone = "timeline.timezone"

// Bounds of the dates the timeline accepts.
var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC)
)

// LoadZone returns the zone named name (an IANA name, or "UTC"); "" is the
// system's local zone. EINVALID for an unknown name.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = SystemZone()
	}
	if strings.EqualFold(name, "local") {
		return nil, backend.Errorf(backend.EINVALID, "time zone %q: give an IANA name such as Europe/Berlin", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, backend.Errorf(backend.EINVALID, "unknown time zone %q: give an IANA name such as Europe/Berlin or America/New_York", name)
	}
	return loc, nil
}

// SystemZone is the IANA name of the system's local zone: $TZ, else the
// target of /etc/localtime, else "UTC".
func SystemZone() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" {
		if _, err := time.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			name := target[i+len("zoneinfo/"):]
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return "UTC"
}

// Zone returns the zone the timeline uses when a call names none: the
// setting, else the system's.
func (t *Timeline) Zone(ctx context.Context) (*time.Location, error) {
	var raw string
	err := t.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, SettingZone).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return LoadZone("")
	}
	if err != nil {
		return nil, err
	}
	return zoneFromSetting(sql.NullString{String: raw, Valid: true})
}

// zoneFromSetting is the zone of the setting's raw value (a JSON string,
// or a bare name); unset, the system's.
func zoneFromSetting(raw sql.NullString) (*time.Location, error) {
	if !raw.Valid {
		return LoadZone("")
	}
	var name string
	if json.Unmarshal([]byte(raw.String), &name) != nil {
		name = raw.String
	}
	return LoadZone(name)
}

// zone resolves a call's zone name: the named one, else the configured.
func (t *Timeline) zone(ctx context.Context, name string) (*time.Location, error) {
	if strings.TrimSpace(name) != "" {
		return LoadZone(name)
	}
	return t.Zone(ctx)
}

// ParseDate parses a calendar date (YYYY-MM-DD) and returns its midnight
// in loc. EINVALID for another form or a date out of range.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, backend.Errorf(backend.EINVALID, "invalid date %q: give YYYY-MM-DD", s)
	}
	if d.Before(minDate) || d.After(maxDate) {
		return time.Time{}, backend.Errorf(backend.EINVALID, "date %s is out of range (%s to %s)", s, minDate.Format(time.DateOnly), maxDate.Format(time.DateOnly))
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), nil
}

// ParseMoment parses a moment: RFC 3339 (with its offset), or
// YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS in loc (a date alone
// is its midnight). EINVALID for another form or a date out of range.
func ParseMoment(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return checkRange(s, t)
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return checkRange(s, t)
		}
	}
	return time.Time{}, backend.Errorf(backend.EINVALID, "invalid time %q: give RFC 3339 (2026-11-01T12:00:00+01:00) or YYYY-MM-DD[THH:MM] in your time zone", s)
}

func checkRange(s string, t time.Time) (time.Time, error) {
	if t.Before(minDate) || t.After(maxDate.AddDate(0, 0, 1)) {
		return time.Time{}, backend.Errorf(backend.EINVALID, "time %s is out of range (%s to %s)", s, minDate.Format(time.DateOnly), maxDate.Format(time.DateOnly))
	}
	return t, nil
}
