-- Create "chunks" table
CREATE TABLE "chunks" ("id" uuid NOT NULL, "note_id" uuid NOT NULL, "ordinal" bigint NOT NULL, "note_version" bigint NOT NULL, "model" character varying NOT NULL, "text_hash" character varying NOT NULL, "text" text NOT NULL DEFAULT '', "heading" character varying NOT NULL DEFAULT '', "dim" bigint NOT NULL DEFAULT 0, "vector" bytea NOT NULL, "error" text NOT NULL DEFAULT '', "updated_at" timestamptz NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "chunk_ordinal_nonnegative" CHECK (ordinal >= 0), CONSTRAINT "chunk_vector_dim" CHECK (length(vector) = (4 * dim)));
-- Create index "chunk_model_text_hash" to table: "chunks"
CREATE INDEX "chunk_model_text_hash" ON "chunks" ("model", "text_hash");
-- Create index "chunk_note_id_model_ordinal" to table: "chunks"
CREATE UNIQUE INDEX "chunk_note_id_model_ordinal" ON "chunks" ("note_id", "model", "ordinal");
