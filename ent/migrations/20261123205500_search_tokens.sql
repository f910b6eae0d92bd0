-- Search tokenization, second step (see 20261123194500_search.sql):
--
-- Hyphenated words are indexed by their parts only ("e-mail" is "e" and
-- "mail", found as a phrase), as the evaluation baseline splits them; the
-- whole hyphenated word as an extra term skewed BM25.
ALTER TEXT SEARCH CONFIGURATION sb_simple DROP MAPPING FOR hword, asciihword, numhword;

-- Angle brackets become spaces before parsing: the parser would take
-- "<b>text</b>", and anything between a < and a >, for a tag and drop it.
CREATE OR REPLACE FUNCTION sb_tsvector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT to_tsvector('sb_simple'::regconfig, sb_cjk_bigrams(translate(t, '<>', '  '))) $$;

-- Index every live note again with the new tokens (the counters follow
-- through note_search's triggers).
UPDATE note_search AS s
SET title_vec = v.tv, body_vec = v.bv, title_len = sb_doclen(v.tv), body_len = sb_doclen(v.bv)
FROM (SELECT n.id, sb_tsvector(n.title) AS tv, sb_tsvector(left(n.body, 100000)) AS bv FROM notes AS n) AS v
WHERE v.id = s.note_id;
