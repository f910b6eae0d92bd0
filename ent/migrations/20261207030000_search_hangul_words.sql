-- Korean words in the search index (issue 18). Hangul is indexed by
-- character pairs (sb_cjk_bigrams), which find a word inside a longer one
-- ("설치" in "설치하다") but rank a query's whole words no better than any
-- text sharing their pairs, so a word-level BM25 beat them on queries of
-- whole Korean words. Each Korean word is now also indexed whole, and
-- without its trailing particle or ending when it has one ("패키지를" also
-- gives "패키지", "설치합니다" gives "설치"): no stemming dictionary, a short
-- list of the common particles and endings. The query goes through the
-- same function, so both sides agree.
--
-- The words are appended after the text's own tokens (tsvector ||
-- shifts their positions past the end), so phrase queries, which are
-- built from character pairs alone, match exactly as before.

-- sb_hangul_stem is a Korean word without its trailing particle or ending
-- when what is left has two syllables or more, else the word.
CREATE FUNCTION sb_hangul_stem(w text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT CASE WHEN char_length(s) >= 2 THEN s ELSE w END FROM regexp_replace(w,
  '(했습니다|합니다|됩니다|입니다|습니다|에서는|에서도|에게서|으로서|으로써|으로는|하지만|하거나|하려면|하세요|에서|에게|한테|까지|부터|으로|로서|로써|이나|이랑|처럼|보다|마다|조차|밖에|하다|하는|하여|해야|했다|하고|한다|된다|되는|되어|되지|이다|이며|이고|은|는|이|가|을|를|의|에|와|과|도|만|로|나|다|요|한|할|된)$', '') AS s
$$;

-- sb_hangul_words lists each run of two or more Hangul syllables of t, and
-- after it its stem (sb_hangul_stem) when that differs.
CREATE FUNCTION sb_hangul_words(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT coalesce(string_agg(w.m[1] || CASE WHEN s.stem <> w.m[1] THEN ' ' || s.stem ELSE '' END, ' '), '')
FROM regexp_matches(t, '([\uac00-\ud7a3]{2,})', 'g') AS w(m)
CROSS JOIN LATERAL (SELECT sb_hangul_stem(w.m[1]) AS stem) AS s
$$;

-- sb_tsvector is the tsvector of a text as search indexes it: its tokens,
-- CJK as character pairs, then its Korean words (sb_hangul_words).
CREATE OR REPLACE FUNCTION sb_tsvector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT CASE WHEN t ~ '[\uac00-\ud7a3]'
  THEN to_tsvector('sb_simple'::regconfig, sb_cjk_bigrams(translate(t, '<>', '  '))) || to_tsvector('sb_simple'::regconfig, sb_hangul_words(t))
  ELSE to_tsvector('sb_simple'::regconfig, sb_cjk_bigrams(translate(t, '<>', '  '))) END
$$;

-- Index the notes holding Korean again (the counters follow through
-- note_search's triggers).
UPDATE note_search AS s
SET title_vec = v.tv, body_vec = v.bv, title_len = sb_doclen(v.tv), body_len = sb_doclen(v.bv)
FROM (SELECT n.id, sb_tsvector(n.title) AS tv, sb_tsvector(left(n.body, 100000)) AS bv FROM notes AS n
      WHERE n.title ~ '[\uac00-\ud7a3]' OR left(n.body, 100000) ~ '[\uac00-\ud7a3]') AS v
WHERE v.id = s.note_id;
