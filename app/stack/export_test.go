package stack

import "secondbrain/backend/pgstore"

// StoreOf returns the stack's store, for tests that inspect it.
func StoreOf(s *Stack) *pgstore.Store { return s.store }

// ModelOf returns the id of the stack's embedding model.
func ModelOf(s *Stack) string { return s.semantic.emb.Model() }

// DimOf returns the dimension of the stack's embedding model.
func DimOf(s *Stack) int { return s.semantic.emb.Dim() }

// SetIndexThresholds changes how many notes changed since the embedded mark
// make a command look at every note, and how many touched notes make the
// index file worth writing again, until the returned func restores them.
func SetIndexThresholds(most, rewrite int) (restore func()) {
	oldMost, oldRewrite := mostTouched, indexRewriteAt
	mostTouched, indexRewriteAt = most, rewrite
	return func() { mostTouched, indexRewriteAt = oldMost, oldRewrite }
}
