// Package evaluation measures search quality, for `secondbrain eval`: the
// ranking metrics (nDCG, recall, MRR), a plain in-memory BM25 used as the
// baseline, the runner over relevance sets in the BEIR layout (eval.go,
// beir.go), and known-item search over a vault's own titles (titles.go).
// The product never imports it.
package evaluation
