package backend

import (
	"context"
)

// SettingStore keeps user settings with the data, as JSON values.
type SettingStore interface {
	// Setting returns a setting's JSON value and whether it is set.
	Setting(ctx context.Context, key string) (string, bool, error)
	// PutSetting stores a setting's JSON value.
	PutSetting(ctx context.Context, key, jsonValue string) error
}
