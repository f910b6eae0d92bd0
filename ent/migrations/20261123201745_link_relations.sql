-- Modify "links" table
ALTER TABLE "links" ADD COLUMN "rel" character varying NOT NULL DEFAULT '';
