import { AppError, parseError, type Note } from "../api";

/** AUTOSAVE_DELAY_MS is how long typing must pause before the body is saved. */
export const AUTOSAVE_DELAY_MS = 600;

/**
 * BODY_NOTIFY_MS is how often, at most, typing that changes only the body
 * (not the save status) notifies the subscribers: the editor holds the text,
 * and re-rendering the app on every keystroke is what makes typing lag.
 * snapshot() is always current; a render for any other reason sees the latest body.
 */
export const BODY_NOTIFY_MS = 250;

/** SaveStatus is what the save indicator shows for the open note. */
export type SaveStatus = "saved" | "dirty" | "saving" | "error" | "conflict";

/** SessionState is a snapshot of one note being edited. */
export interface SessionState {
  id: string;
  title: string;
  /** body is the latest text in the editor, saved or not. */
  body: string;
  /** version is the expected version for the next write: the version of the last load or save. */
  version: number;
  /** savedBody is the body as stored at version. */
  savedBody: string;
  status: SaveStatus;
  /** error is the last failure; set when status is "error" or "conflict". */
  error: AppError | null;
}

/** SessionClient is the part of the api a session needs; tests pass fakes. */
export interface SessionClient {
  getNote(id: string): Promise<Note>;
  saveNote(id: string, expectedVersion: number, body: string): Promise<Note>;
  renameNote(id: string, expectedVersion: number, title: string): Promise<Note>;
  revertNote(id: string, expectedVersion: number, version: number): Promise<Note>;
}

/**
 * AutosaveSession edits one note: it debounces saves, chains every write on
 * the version the previous one returned, and never drops typed text — a
 * failed or conflicting save keeps the text in body until the user decides.
 * Writes run one at a time, in order.
 */
export class AutosaveSession {
  private state: SessionState;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private listeners = new Set<() => void>();
  private disposed = false;

  constructor(
    note: Note,
    private readonly client: SessionClient,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {
    this.state = fresh(note);
  }

  /** id is the note this session edits. */
  get id(): string {
    return this.state.id;
  }

  /** snapshot returns the current state; a new object after every change. */
  snapshot = (): SessionState => this.state;

  /**
   * subscribe calls fn after every change — after typing that leaves the
   * status as it was, within BODY_NOTIFY_MS — and returns an unsubscribe function.
   */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** dirty reports whether body has text the store does not have yet. */
  get dirty(): boolean {
    return this.state.body !== this.state.savedBody;
  }

  /** busy reports whether a write is queued or running. */
  get busy(): boolean {
    return this.pending > 0 || this.timer !== null;
  }

  /** edit records the editor's text and schedules a save. */
  edit(body: string): void {
    if (body === this.state.body) return;
    const { status } = this.state;
    const next: SaveStatus =
      status === "conflict" || status === "saving" ? status : body === this.state.savedBody ? "saved" : "dirty";
    if (next === status) this.setQuietly({ body });
    else this.set({ body, status: next });
    if (status !== "conflict") this.schedule();
  }

  /**
   * replace records text changed outside the editor (the properties panel)
   * and tells the subscribers at once, so the editor shows it before the
   * next keystroke lands on the text it replaces.
   */
  replace(body: string): void {
    this.edit(body);
    this.emit();
  }

  /**
   * flush saves now and resolves once the body typed so far is stored (or
   * the save failed: then status says why). Nothing is saved during a conflict.
   */
  async flush(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      this.clearTimer();
      await this.enqueue(() => this.saveOnce());
      if (!this.dirty || this.state.status === "conflict" || this.state.status === "error") return;
    }
  }

  /** loadTheirs resolves a conflict by discarding the local text and loading the stored note. */
  loadTheirs(): Promise<void> {
    this.clearTimer();
    return this.enqueue(async () => {
      try {
        const note = await this.client.getNote(this.state.id);
        this.state = fresh(note);
        this.emit();
      } catch (e) {
        this.set({ status: "error", error: parseError(e) });
      }
    });
  }

  /** keepMine resolves a conflict by saving the local text on top of the latest stored version. */
  async keepMine(): Promise<void> {
    this.clearTimer();
    await this.enqueue(async () => {
      try {
        const note = await this.client.getNote(this.state.id);
        this.set({ version: note.version, savedBody: note.body, title: note.title, status: "dirty", error: null });
      } catch (e) {
        this.set({ status: "conflict", error: parseError(e) });
      }
    });
    if (this.state.status === "dirty") await this.flush();
  }

  /** rename saves any pending text, then renames the note; it rejects with the AppError. */
  async rename(title: string): Promise<void> {
    await this.flush();
    await this.enqueue(async () => {
      const note = await this.client.renameNote(this.state.id, this.state.version, title);
      this.set({ title: note.title, version: note.version });
    });
  }

  /** revert saves any pending text (so it stays in the history), then restores version. */
  async revert(version: number): Promise<void> {
    await this.flush();
    if (this.state.status === "conflict") throw this.state.error ?? new AppError("conflict", "Resolve the conflict first.");
    await this.enqueue(async () => {
      const note = await this.client.revertNote(this.state.id, this.state.version, version);
      this.state = fresh(note);
      this.emit();
    });
  }

  /**
   * remoteChanged tells the session the stored note is now at version. A
   * clean, idle session reloads it; one with local edits keeps them, and its
   * next save reports the conflict.
   */
  remoteChanged(version: number): Promise<void> {
    if (version <= this.state.version || this.busy || this.dirty || this.state.status === "conflict") {
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      if (this.dirty || this.timer !== null) return;
      try {
        const note = await this.client.getNote(this.state.id);
        if (!this.dirty && note.version > this.state.version) {
          this.state = fresh(note);
          this.emit();
        }
      } catch {
        // Leave the session as it is; the next save finds out what happened.
      }
    });
  }

  /** dispose stops the debounce timer and listeners; a queued write still finishes. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.clearNotify();
    this.listeners.clear();
  }

  private async saveOnce(): Promise<void> {
    const { id, version, body, status } = this.state;
    if (status === "conflict") return;
    if (body === this.state.savedBody) {
      if (status !== "saved") this.set({ status: "saved", error: null });
      return;
    }
    this.set({ status: "saving" });
    try {
      const note = await this.client.saveNote(id, version, body);
      const current = this.state.body;
      this.set({
        version: note.version,
        savedBody: body,
        title: note.title,
        status: current === body ? "saved" : "dirty",
        error: null,
      });
      if (current !== body && this.timer === null && !this.disposed) this.schedule();
    } catch (e) {
      const err = parseError(e);
      this.set({ status: err.code === "conflict" ? "conflict" : "error", error: err });
    }
  }

  private schedule(): void {
    if (this.disposed) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.queue.then(op).finally(() => {
      this.pending--;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  // setQuietly updates the state now and tells the subscribers soon.
  private setQuietly(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    if (this.notifyTimer !== null || this.disposed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.emit();
    }, BODY_NOTIFY_MS);
  }

  private clearNotify(): void {
    if (this.notifyTimer !== null) {
      clearTimeout(this.notifyTimer);
      this.notifyTimer = null;
    }
  }

  private emit(): void {
    this.clearNotify();
    for (const fn of this.listeners) fn();
  }
}

function fresh(note: Note): SessionState {
  return {
    id: note.id,
    title: note.title,
    body: note.body,
    version: note.version,
    savedBody: note.body,
    status: "saved",
    error: null,
  };
}
