-- Bounded lexical search for common terms (backend/pgstore/search_top.go).
--
-- note_search.changed is the transaction that last indexed the note, so a
-- search can find the notes indexed since a snapshot.
ALTER TABLE note_search ADD COLUMN changed xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX note_search_changed ON note_search (changed);

-- sb_note_search_changed stamps an updated note_search row with its writer.
CREATE FUNCTION sb_note_search_changed() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
  NEW.changed := pg_current_xact_id();
  RETURN NEW;
END
$$;
CREATE TRIGGER note_search_changed BEFORE UPDATE ON note_search
  FOR EACH ROW EXECUTE FUNCTION sb_note_search_changed();

-- search_top caches, per term that searches do not score in every note
-- holding it, the notes that rank first for that term alone, best first,
-- with their impact tf/(tf+norm) under the ranking parameters params and the
-- average length avgdl. It is as of a snapshot: notes indexed by a
-- transaction from horizon on (the snapshot's oldest running one) may not be
-- reflected, and searches score them besides. A cache: any row may be
-- dropped at any time, and it is not kept across a crash.
CREATE UNLOGGED TABLE search_top (
  term text COLLATE "C" PRIMARY KEY,
  notes uuid[] NOT NULL,
  impacts real[] NOT NULL,
  complete boolean NOT NULL,
  params text NOT NULL,
  avgdl float8 NOT NULL,
  horizon xid8 NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now()
);
