package devicesync

import (
	"sort"
	"strings"

	"github.com/google/uuid"
)

// MemLedger is a Ledger in memory: replay's state for tests and for
// simulations. It is not safe for concurrent use.
type MemLedger struct {
	heads map[uuid.UUID]NoteState
	hist  map[uuid.UUID][]NoteState
	raws  map[Key]NoteState
	paths map[string]uuid.UUID
}

// NewMemLedger returns an empty ledger.
func NewMemLedger() *MemLedger {
	return &MemLedger{heads: map[uuid.UUID]NoteState{}, hist: map[uuid.UUID][]NoteState{}, raws: map[Key]NoteState{}, paths: map[string]uuid.UUID{}}
}

// Head implements Ledger.
func (m *MemLedger) Head(id uuid.UUID) (NoteState, bool) { s, ok := m.heads[id]; return s, ok }

// At implements Ledger.
func (m *MemLedger) At(id uuid.UUID, seq int64) (NoteState, bool) {
	h := m.hist[id]
	i := sort.Search(len(h), func(i int) bool { return h[i].Seq > seq })
	if i == 0 {
		return NoteState{}, false
	}
	return h[i-1], true
}

// Raw implements Ledger.
func (m *MemLedger) Raw(k Key) (NoteState, bool) { s, ok := m.raws[k]; return s, ok }

// PathHolder implements Ledger.
func (m *MemLedger) PathHolder(p string) (uuid.UUID, bool) { id, ok := m.paths[p]; return id, ok }

// Record applies a replayed step.
func (m *MemLedger) Record(st Step) {
	m.raws[st.Key] = st.Raw
	for _, s := range st.States {
		if old, ok := m.heads[s.ID]; ok && !old.Trashed {
			if k := strings.ToLower(old.Path); m.paths[k] == s.ID {
				delete(m.paths, k)
			}
		}
		m.heads[s.ID] = s
		m.hist[s.ID] = append(m.hist[s.ID], s)
		if !s.Trashed {
			m.paths[strings.ToLower(s.Path)] = s.ID
		}
	}
}

// Notes returns every note's current canonical state, by id.
func (m *MemLedger) Notes() map[uuid.UUID]NoteState {
	out := make(map[uuid.UUID]NoteState, len(m.heads))
	for id, s := range m.heads {
		out[id] = s
	}
	return out
}

// History returns the canonical states a note went through, oldest first.
func (m *MemLedger) History(id uuid.UUID) []NoteState { return m.hist[id] }
