-- Create "projections" table
CREATE TABLE "projections" ("name" character varying NOT NULL, "seq" bigint NOT NULL DEFAULT 0, "last_error" text NOT NULL DEFAULT '', "updated_at" timestamptz NOT NULL, PRIMARY KEY ("name"));
