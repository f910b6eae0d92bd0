-- The title tier's typo step (backend/lexical/search_titles.go) wants the
-- titles within an edit or two of the query. Such a title's length is
-- within that many characters of the query's, so an index on the length
-- lets the planner intersect the trigram index's candidates with a narrow
-- length range before reading any title: with realistic multi-word titles
-- a short query shares trigrams with thousands of them.
CREATE INDEX note_search_title_len ON note_search (char_length(title_fold));
