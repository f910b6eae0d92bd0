-- Bulk writes (backend/pgstore/writenotes.go) index a whole batch of notes
-- set-wise: one statement computes every note's search data and one adds the
-- counter changes of the batch to search_pending, instead of two row
-- triggers per note. A transaction that does so sets secondbrain.bulk_search
-- to '1' (SET LOCAL), which makes these two triggers step aside for it; every
-- other writer keeps them as before. The deferred fold (sb_search_fold) is
-- unchanged and still runs at commit.
CREATE OR REPLACE FUNCTION sb_notes_search() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  tv tsvector;
  bv tsvector;
BEGIN
  IF current_setting('secondbrain.bulk_search', true) = '1' THEN
    RETURN NULL;
  END IF;
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

CREATE OR REPLACE FUNCTION sb_note_search_pending() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  new_terms text[] := '{}';
  old_terms text[] := '{}';
  d_docs integer := 0;
  d_title bigint := 0;
  d_body bigint := 0;
BEGIN
  IF current_setting('secondbrain.bulk_search', true) = '1' THEN
    RETURN NULL;
  END IF;
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
