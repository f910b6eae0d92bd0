-- Create "vault_conflicts" table
CREATE TABLE "vault_conflicts" ("id" uuid NOT NULL, "note_id" uuid NOT NULL, "path" character varying NOT NULL, "conflict_path" character varying NOT NULL, "base_version" bigint NOT NULL, "note_version" bigint NOT NULL, "file_text" text NOT NULL, "created_at" timestamptz NOT NULL, "resolved_at" timestamptz NULL, PRIMARY KEY ("id"));
-- Create index "vaultconflict_conflict_path" to table: "vault_conflicts"
CREATE INDEX "vaultconflict_conflict_path" ON "vault_conflicts" ("conflict_path");
-- Create index "vaultconflict_note_id" to table: "vault_conflicts"
CREATE INDEX "vaultconflict_note_id" ON "vault_conflicts" ("note_id");
-- Create "vault_deletions" table
CREATE TABLE "vault_deletions" ("path" character varying NOT NULL, "note_id" uuid NOT NULL, "detected_at" timestamptz NOT NULL, PRIMARY KEY ("path"));
-- Create "vault_files" table
CREATE TABLE "vault_files" ("path" character varying NOT NULL, "note_id" uuid NOT NULL, "base_version" bigint NOT NULL, "base_text" text NULL, "hash" character varying NOT NULL, "size" bigint NOT NULL, "mtime_ns" bigint NOT NULL, "inode" bigint NOT NULL DEFAULT 0, PRIMARY KEY ("path"));
-- Create index "vaultfile_hash" to table: "vault_files"
CREATE INDEX "vaultfile_hash" ON "vault_files" ("hash");
-- Create index "vaultfile_note_id" to table: "vault_files"
CREATE INDEX "vaultfile_note_id" ON "vault_files" ("note_id");
-- Create "vault_folders" table
CREATE TABLE "vault_folders" ("id" uuid NOT NULL, "path" text NOT NULL, "attached_at" timestamptz NOT NULL, "seq" bigint NOT NULL DEFAULT 0, "last_error" text NOT NULL DEFAULT '', PRIMARY KEY ("id"));
-- Create "vault_issues" table
CREATE TABLE "vault_issues" ("path" character varying NOT NULL, "message" text NOT NULL, "updated_at" timestamptz NOT NULL, PRIMARY KEY ("path"));
