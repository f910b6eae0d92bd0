import { AppError, type Note } from "../api";
import type { SessionClient } from "../editing/AutosaveSession";

/** FakeNotes is an in-memory note store with the backend's version checks, for tests. */
export class FakeNotes implements SessionClient {
  readonly notes = new Map<string, Note>();
  readonly saves: { id: string; expectedVersion: number; body: string }[] = [];
  /** failNext makes the next save reject with this error. */
  failNext: AppError | null = null;

  add(id: string, body = "", title = id): Note {
    const n: Note = {
      id,
      title,
      path: `${title}.md`,
      body,
      version: 1,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      trashed_at: null,
    };
    this.notes.set(id, n);
    return { ...n };
  }

  /** changeElsewhere stores a new body as if another window saved it. */
  changeElsewhere(id: string, body: string): Note {
    const n = this.must(id);
    const next = { ...n, body, version: n.version + 1 };
    this.notes.set(id, next);
    return { ...next };
  }

  getNote = async (id: string): Promise<Note> => ({ ...this.must(id) });

  saveNote = async (id: string, expectedVersion: number, body: string): Promise<Note> => {
    this.saves.push({ id, expectedVersion, body });
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    return this.write(id, expectedVersion, { body });
  };

  renameNote = async (id: string, expectedVersion: number, title: string): Promise<Note> =>
    this.write(id, expectedVersion, { title, path: `${title}.md` });

  revertNote = async (id: string, expectedVersion: number, _version: number): Promise<Note> =>
    this.write(id, expectedVersion, { body: `reverted` });

  private write(id: string, expectedVersion: number, patch: Partial<Note>): Note {
    const n = this.must(id);
    if (n.version !== expectedVersion) {
      throw JSON.stringify({ code: "conflict", message: "The note was changed elsewhere." });
    }
    const next = { ...n, ...patch, version: n.version + 1 };
    this.notes.set(id, next);
    return { ...next };
  }

  private must(id: string): Note {
    const n = this.notes.get(id);
    if (!n) throw JSON.stringify({ code: "not_found", message: "No such note." });
    return n;
  }
}
