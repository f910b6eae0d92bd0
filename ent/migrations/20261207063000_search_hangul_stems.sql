-- Korean words stacked with two particles or endings (issue 18):
-- "파일에서만" is "파일" + "에서" + "만", "형식이지만" is "형식" + "이" +
-- "지만". sb_hangul_stem stripped one, so such a word was indexed whole as
-- "파일에서" and met "파일" and "파일을" only through character pairs. It
-- now strips a second one when at least two syllables are left, and knows
-- "지만"; still no dictionary.

-- sb_hangul_stem is a Korean word without its trailing particles or
-- endings (at most two) when what is left has two syllables or more, else
-- the word.
CREATE OR REPLACE FUNCTION sb_hangul_stem(w text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT CASE WHEN char_length(s2) >= 2 THEN s2 WHEN char_length(s1) >= 2 THEN s1 ELSE w END
FROM (SELECT regexp_replace(w, e.re, '') AS s1, e.re FROM (SELECT
  '(했습니다|합니다|됩니다|입니다|습니다|에서는|에서도|에게서|으로서|으로써|으로는|하지만|지만|하거나|하려면|하세요|에서|에게|한테|까지|부터|으로|로서|로써|이나|이랑|처럼|보다|마다|조차|밖에|하다|하는|하여|해야|했다|하고|한다|된다|되는|되어|되지|이다|이며|이고|은|는|이|가|을|를|의|에|와|과|도|만|로|나|다|요|한|할|된)$'
  AS re) AS e) AS a
CROSS JOIN LATERAL (SELECT regexp_replace(a.s1, a.re, '') AS s2) AS b
$$;

-- Index the notes holding Korean again (the counters follow through
-- note_search's triggers).
UPDATE note_search AS s
SET title_vec = v.tv, body_vec = v.bv, title_len = sb_doclen(v.tv), body_len = sb_doclen(v.bv)
FROM (SELECT n.id, sb_tsvector(n.title) AS tv, sb_tsvector(left(n.body, 100000)) AS bv FROM notes AS n
      WHERE n.title ~ '[\uac00-\ud7a3]' OR left(n.body, 100000) ~ '[\uac00-\ud7a3]') AS v
WHERE v.id = s.note_id;
