-- note_tags is declared as an edge schema (NoteTag) so that it can carry an
-- index by tag: a tag's notes in note order, for its degree and the walks
-- through it in backend/sqlgraph, by index-only scans instead of a scan of
-- the table. The foreign keys keep their rules and take Ent's names for an
-- edge schema (renamed, not rebuilt: no re-validation of every row).
ALTER TABLE "note_tags" RENAME CONSTRAINT "note_tags_note_id" TO "note_tags_notes_note";
ALTER TABLE "note_tags" RENAME CONSTRAINT "note_tags_tag_id" TO "note_tags_tags_tag";
-- Create index "note_tag_tag" to table: "note_tags"
CREATE INDEX "note_tag_tag" ON "note_tags" ("tag_id", "note_id");
