-- Modify "vault_conflicts" table
ALTER TABLE "vault_conflicts" ADD COLUMN "source" character varying NOT NULL DEFAULT 'folder', ADD COLUMN "copy_note_id" uuid NULL;
