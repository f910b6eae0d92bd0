-- Drop index "link_source_id" from table: "links"
DROP INDEX "link_source_id";
-- Drop index "link_target_id" from table: "links"
DROP INDEX "link_target_id";
-- Create index "link_source_cover" to table: "links"
CREATE INDEX "link_source_cover" ON "links" ("source_id", "target_id") INCLUDE ("kind", "rel", "attachment_id", "target_key");
-- Create index "link_target_cover" to table: "links"
CREATE INDEX "link_target_cover" ON "links" ("target_id", "source_id") INCLUDE ("kind", "rel", "attachment_id");
-- Create index "note_trashed_id" to table: "notes"
CREATE INDEX "note_trashed_id" ON "notes" ("id") WHERE (trashed_at IS NOT NULL);
