-- Modify "events" table
ALTER TABLE "events" ADD COLUMN "origin" character varying NOT NULL DEFAULT '';
-- Create index "event_origin_seq" to table: "events"
CREATE INDEX "event_origin_seq" ON "events" ("origin", "seq");
