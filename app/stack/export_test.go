package stack

import "secondbrain/backend/pgstore"

// StoreOf returns the stack's store, for tests that inspect it.
func StoreOf(s *Stack) *pgstore.Store { return s.store }

// ModelOf returns the id of the stack's embedding model.
func ModelOf(s *Stack) string { return s.semantic.emb.Model() }

// DimOf returns the dimension of the stack's embedding model.
func DimOf(s *Stack) int { return s.semantic.emb.Dim() }
