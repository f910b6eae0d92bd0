-- Full-text search: a side table Ent does not know (note_search), kept in step
-- with notes by triggers, plus exact BM25 statistics (document frequencies,
-- document count and lengths) maintained transactionally in sharded counters.
--
-- Text is indexed with sb_simple: the simple parser and dictionary after
-- unaccent, so it is language-neutral (no stemming, no stop words). Runs of
-- Chinese, Japanese and Korean characters are indexed as overlapping bigrams.
-- Only the first 100,000 characters of a body are indexed: a tsvector holds
-- at most 1 MB, and notes can hold 32 MB.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION sb_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION sb_simple ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart, numword, numhword, hword_numpart WITH unaccent, simple;

-- sb_fold lower-cases and strips accents, for trigram matching of titles.
CREATE FUNCTION sb_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(unaccent('unaccent'::regdictionary, t)) $$;

-- sb_cjk_bigrams rewrites each run of CJK characters as overlapping bigrams
-- separated by spaces ("知识管理" becomes "知识 识管 管理"), so that words
-- inside unsegmented text can be found; other text is returned unchanged.
CREATE FUNCTION sb_cjk_bigrams(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
SELECT CASE WHEN t !~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]' THEN t ELSE (
  SELECT string_agg(CASE WHEN r.m[1] IS NULL THEN r.m[2] ELSE ' ' || (
      SELECT coalesce(string_agg(x.ch || x.nx, ' ' ORDER BY x.i), r.m[1])
      FROM (SELECT c.ch, c.i, lead(c.ch) OVER (ORDER BY c.i) AS nx
            FROM regexp_split_to_table(r.m[1], '') WITH ORDINALITY AS c(ch, i)) AS x
      WHERE x.nx IS NOT NULL) || ' ' END, '' ORDER BY r.n)
  FROM regexp_matches(t, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)|([^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)', 'g') WITH ORDINALITY AS r(m, n))
END
$$;

-- sb_tsvector is the tsvector of a text as search indexes it.
CREATE FUNCTION sb_tsvector(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT to_tsvector('sb_simple'::regconfig, sb_cjk_bigrams(t)) $$;

-- sb_doclen counts the tokens of a tsvector (its positions), the document
-- length of BM25.
CREATE FUNCTION sb_doclen(v tsvector) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0)::integer FROM unnest(v) AS u $$;

-- note_search holds the search data of each live note; trashed notes have none.
CREATE TABLE note_search (
  note_id uuid PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,
  title_fold text NOT NULL,
  title_vec tsvector NOT NULL,
  body_vec tsvector NOT NULL,
  title_len integer NOT NULL,
  body_len integer NOT NULL
);
CREATE INDEX note_search_title_vec ON note_search USING gin (title_vec);
CREATE INDEX note_search_body_vec ON note_search USING gin (body_vec);
CREATE INDEX note_search_title_trgm ON note_search USING gin (title_fold gin_trgm_ops);

-- search_terms counts, per term, the notes whose title or body holds it (the
-- document frequency); search_stats counts the indexed notes and sums their
-- title and body lengths (for BM25's average document length). Both are
-- exact and transactional. Each writing transaction owns one shard (see
-- sb_search_shard), so concurrent writers never wait on each other's
-- counters: a term's frequency is the sum over its shards (one shard alone
-- may go negative).
CREATE TABLE search_terms (
  term text COLLATE "C" NOT NULL,
  shard smallint NOT NULL,
  df integer NOT NULL,
  PRIMARY KEY (term, shard)
);
CREATE TABLE search_stats (
  shard smallint PRIMARY KEY,
  docs bigint NOT NULL,
  title_len bigint NOT NULL,
  body_len bigint NOT NULL
);

-- search_pending holds the counter changes of transactions in flight: each
-- change of note_search appends rows here (no shared row is locked or
-- updated per note), and a deferred trigger folds them into search_terms and
-- search_stats once, just before the transaction commits. It never holds
-- committed rows, so it need not survive a crash (UNLOGGED). A row with a
-- NULL term carries the changes of search_stats.
CREATE UNLOGGED TABLE search_pending (
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  term text COLLATE "C" NULL,
  df integer NOT NULL,
  title_len bigint NOT NULL DEFAULT 0,
  body_len bigint NOT NULL DEFAULT 0
);
CREATE INDEX search_pending_xid ON search_pending (xid);

-- sb_search_shard returns the counter shard of the current transaction: the
-- first of 64 whose transaction-scoped advisory lock is free. When all are
-- taken it waits for one.
CREATE FUNCTION sb_search_shard() RETURNS smallint LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  s text := nullif(current_setting('secondbrain.search_shard', true), '');
  i integer;
BEGIN
  IF s IS NOT NULL THEN
    RETURN s::smallint;
  END IF;
  FOR i IN 0..63 LOOP
    IF pg_try_advisory_xact_lock(1935827811, i) THEN
      PERFORM set_config('secondbrain.search_shard', i::text, true);
      RETURN i;
    END IF;
  END LOOP;
  i := floor(random() * 64)::integer;
  PERFORM pg_advisory_xact_lock(1935827811, i);
  PERFORM set_config('secondbrain.search_shard', i::text, true);
  RETURN i;
END
$$;

-- sb_note_search_pending records the counter changes of one note_search row.
CREATE FUNCTION sb_note_search_pending() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  new_terms text[] := '{}';
  old_terms text[] := '{}';
  d_docs integer := 0;
  d_title bigint := 0;
  d_body bigint := 0;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    new_terms := tsvector_to_array(NEW.title_vec || NEW.body_vec);
    d_docs := 1;
    d_title := NEW.title_len;
    d_body := NEW.body_len;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    old_terms := tsvector_to_array(OLD.title_vec || OLD.body_vec);
    d_docs := d_docs - 1;
    d_title := d_title - OLD.title_len;
    d_body := d_body - OLD.body_len;
  END IF;
  INSERT INTO search_pending (term, df)
  SELECT x.term, sum(x.d)::integer
  FROM (SELECT unnest(new_terms) AS term, 1 AS d UNION ALL SELECT unnest(old_terms), -1) AS x
  GROUP BY x.term
  HAVING sum(x.d) <> 0;
  INSERT INTO search_pending (term, df, title_len, body_len) VALUES (NULL, d_docs, d_title, d_body);
  PERFORM set_config('secondbrain.search_pending', '1', true);
  RETURN NULL;
END
$$;
CREATE TRIGGER note_search_pending AFTER INSERT OR UPDATE OR DELETE ON note_search
  FOR EACH ROW EXECUTE FUNCTION sb_note_search_pending();

-- sb_search_fold folds the transaction's pending changes into the counters.
-- It fires once per changed row at commit; the first call does the work.
CREATE FUNCTION sb_search_fold() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  x xid8 := pg_current_xact_id();
  s smallint;
  terms text[];
  deltas integer[];
  d_docs bigint;
  d_title bigint;
  d_body bigint;
BEGIN
  -- The flag spares the calls after the first a look at search_pending,
  -- whose index is full of the rows this transaction just deleted.
  IF coalesce(current_setting('secondbrain.search_pending', true), '') = '' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('secondbrain.search_pending', '', true);
  s := sb_search_shard();
  SELECT array_agg(a.term ORDER BY a.term), array_agg(a.d ORDER BY a.term) INTO terms, deltas
  FROM (SELECT p.term, sum(p.df)::integer AS d FROM search_pending AS p
        WHERE p.xid = x AND p.term IS NOT NULL GROUP BY p.term HAVING sum(p.df) <> 0) AS a;
  SELECT coalesce(sum(p.df), 0), coalesce(sum(p.title_len), 0), coalesce(sum(p.body_len), 0)
  INTO d_docs, d_title, d_body
  FROM search_pending AS p WHERE p.xid = x AND p.term IS NULL;
  DELETE FROM search_pending WHERE xid = x;
  IF terms IS NOT NULL THEN
    INSERT INTO search_terms AS t (term, shard, df)
    SELECT u.term, s, u.d FROM unnest(terms, deltas) AS u(term, d) ORDER BY u.term
    ON CONFLICT (term, shard) DO UPDATE SET df = t.df + EXCLUDED.df;
    DELETE FROM search_terms AS t WHERE t.shard = s AND t.df = 0
      AND t.term = ANY (SELECT u.term FROM unnest(terms, deltas) AS u(term, d) WHERE u.d < 0);
  END IF;
  INSERT INTO search_stats AS st (shard, docs, title_len, body_len)
  VALUES (s, d_docs, d_title, d_body)
  ON CONFLICT (shard) DO UPDATE SET docs = st.docs + EXCLUDED.docs,
    title_len = st.title_len + EXCLUDED.title_len, body_len = st.body_len + EXCLUDED.body_len;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER note_search_fold AFTER INSERT OR UPDATE OR DELETE ON note_search
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sb_search_fold();

-- sb_notes_search keeps note_search in step with notes: a live note is
-- (re)indexed when its title or body changes, a trashed note is removed.
CREATE FUNCTION sb_notes_search() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  tv tsvector;
  bv tsvector;
BEGIN
  IF NEW.trashed_at IS NOT NULL THEN
    IF TG_OP = 'UPDATE' AND OLD.trashed_at IS NULL THEN
      DELETE FROM note_search WHERE note_id = NEW.id;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.trashed_at IS NULL AND NEW.title = OLD.title AND NEW.body = OLD.body THEN
    RETURN NULL;
  END IF;
  tv := sb_tsvector(NEW.title);
  bv := sb_tsvector(left(NEW.body, 100000));
  INSERT INTO note_search (note_id, title_fold, title_vec, body_vec, title_len, body_len)
  VALUES (NEW.id, sb_fold(NEW.title), tv, bv, sb_doclen(tv), sb_doclen(bv))
  ON CONFLICT (note_id) DO UPDATE SET title_fold = EXCLUDED.title_fold, title_vec = EXCLUDED.title_vec,
    body_vec = EXCLUDED.body_vec, title_len = EXCLUDED.title_len, body_len = EXCLUDED.body_len;
  RETURN NULL;
END
$$;
CREATE TRIGGER notes_search AFTER INSERT OR UPDATE OF title, body, trashed_at ON notes
  FOR EACH ROW EXECUTE FUNCTION sb_notes_search();

-- Index the notes that exist already.
INSERT INTO note_search (note_id, title_fold, title_vec, body_vec, title_len, body_len)
SELECT n.id, sb_fold(n.title), sb_tsvector(n.title), sb_tsvector(left(n.body, 100000)),
  sb_doclen(sb_tsvector(n.title)), sb_doclen(sb_tsvector(left(n.body, 100000)))
FROM notes AS n WHERE n.trashed_at IS NULL;
