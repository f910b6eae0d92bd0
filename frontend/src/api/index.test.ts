import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../wailsjs/go/app/NotesAPI", () => ({
  Create: vi.fn(),
  Get: vi.fn(),
  Save: vi.fn(),
  Rename: vi.fn(),
  Trash: vi.fn(),
  Restore: vi.fn(),
  Delete: vi.fn(),
  List: vi.fn(),
  History: vi.fn(),
  Version: vi.fn(),
  Revert: vi.fn(),
}));
vi.mock("../../wailsjs/go/app/SystemAPI", () => ({ Status: vi.fn() }));
vi.mock("../../wailsjs/runtime/runtime", () => ({ EventsOn: vi.fn() }));

import * as Notes from "../../wailsjs/go/app/NotesAPI";
import * as System from "../../wailsjs/go/app/SystemAPI";
import { EventsOn } from "../../wailsjs/runtime/runtime";
import * as api from "./index";
import { AppError, parseError } from "./index";

const raw = {
  id: "n1",
  title: "Hello",
  path: "Hello.md",
  body: "# hi",
  version: 3,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z",
};

beforeEach(() => {
  vi.resetAllMocks();
});

describe("parseError", () => {
  const cases: { name: string; reason: unknown; code: string; message: string }[] = [
    {
      name: "formatter JSON string",
      reason: '{"code":"conflict","message":"The note was changed elsewhere."}',
      code: "conflict",
      message: "The note was changed elsewhere.",
    },
    { name: "plain string", reason: "runtime exploded", code: "internal", message: "runtime exploded" },
    {
      name: "Error carrying the JSON",
      reason: new Error('{"code":"not_found","message":"No such note."}'),
      code: "not_found",
      message: "No such note.",
    },
    { name: "plain Error", reason: new Error("boom"), code: "internal", message: "boom" },
    { name: "object with code", reason: { code: "invalid", message: "Title is empty." }, code: "invalid", message: "Title is empty." },
    { name: "unknown code in JSON", reason: '{"code":"weird","message":"x"}', code: "internal", message: '{"code":"weird","message":"x"}' },
    { name: "broken JSON", reason: "{not json", code: "internal", message: "{not json" },
    { name: "undefined", reason: undefined, code: "internal", message: "Something went wrong." },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const err = parseError(c.reason);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe(c.code);
      expect(err.message).toBe(c.message);
    });
  }

  it("returns an AppError unchanged", () => {
    const err = new AppError("canceled", "stop");
    expect(parseError(err)).toBe(err);
  });
});

describe("wrappers", () => {
  it("call the bindings with their arguments and convert results", async () => {
    vi.mocked(Notes.Create).mockResolvedValue(raw as never);
    vi.mocked(Notes.Get).mockResolvedValue({ ...raw, trashed_at: undefined } as never);
    vi.mocked(Notes.Save).mockResolvedValue({ ...raw, version: 4 } as never);
    vi.mocked(Notes.Rename).mockResolvedValue({ ...raw, title: "B", version: 5 } as never);
    vi.mocked(Notes.Trash).mockResolvedValue({ ...raw, trashed_at: "2026-01-03T00:00:00Z" } as never);
    vi.mocked(Notes.Restore).mockResolvedValue(raw as never);
    vi.mocked(Notes.Delete).mockResolvedValue(undefined);
    vi.mocked(Notes.Revert).mockResolvedValue({ ...raw, version: 6 } as never);

    expect(await api.createNote("Hello", "", "# hi")).toMatchObject({ id: "n1", version: 3, trashed_at: null });
    expect(Notes.Create).toHaveBeenCalledWith("Hello", "", "# hi");
    expect((await api.getNote("n1")).trashed_at).toBeNull();
    expect(Notes.Get).toHaveBeenCalledWith("n1");
    expect((await api.saveNote("n1", 3, "x")).version).toBe(4);
    expect(Notes.Save).toHaveBeenCalledWith("n1", 3, "x");
    expect((await api.renameNote("n1", 4, "B")).title).toBe("B");
    expect(Notes.Rename).toHaveBeenCalledWith("n1", 4, "B");
    expect((await api.trashNote("n1")).trashed_at).toBe("2026-01-03T00:00:00Z");
    expect(Notes.Trash).toHaveBeenCalledWith("n1");
    await api.restoreNote("n1");
    expect(Notes.Restore).toHaveBeenCalledWith("n1");
    await api.deleteNote("n1");
    expect(Notes.Delete).toHaveBeenCalledWith("n1");
    expect((await api.revertNote("n1", 5, 2)).version).toBe(6);
    expect(Notes.Revert).toHaveBeenCalledWith("n1", 5, 2);
  });

  it("list, history and version", async () => {
    const { body: _b, ...summary } = raw;
    vi.mocked(Notes.List).mockResolvedValue({ notes: [summary], total: 42 } as never);
    vi.mocked(Notes.History).mockResolvedValue([
      { seq: 9, version: 2, kind: "note.updated", title: "Hello", path: "Hello.md", at: "2026-01-02T00:00:00Z" },
    ] as never);
    vi.mocked(Notes.Version).mockResolvedValue({
      seq: 9, version: 2, kind: "note.updated", title: "Hello", path: "Hello.md", at: "x", body: "old",
    } as never);

    const page = await api.listNotes("title", 200, 100, true);
    expect(Notes.List).toHaveBeenCalledWith("title", 200, 100, true);
    expect(page.total).toBe(42);
    expect(page.notes[0]).not.toHaveProperty("body");
    expect(page.notes[0]?.id).toBe("n1");

    expect(await api.noteHistory("n1")).toHaveLength(1);
    expect(Notes.History).toHaveBeenCalledWith("n1");
    expect((await api.getVersion("n1", 2)).body).toBe("old");
    expect(Notes.Version).toHaveBeenCalledWith("n1", 2);
  });

  it("treat a null list or history as empty", async () => {
    vi.mocked(Notes.List).mockResolvedValue({ notes: null, total: 0 } as never);
    vi.mocked(Notes.History).mockResolvedValue(null as never);
    expect((await api.listNotes("updated", 0, 10, false)).notes).toEqual([]);
    expect(await api.noteHistory("n1")).toEqual([]);
  });

  it("reject with a parsed AppError", async () => {
    vi.mocked(Notes.Save).mockRejectedValue('{"code":"conflict","message":"stale"}');
    const err = await api.saveNote("n1", 1, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("conflict");
  });

  it("getStatus converts the backend error", async () => {
    vi.mocked(System.Status).mockResolvedValue({
      ready: false,
      error: { code: "unavailable", message: "starting" },
      postgres: { ok: false, mode: "embedded", owned: true },
      version: "dev",
    } as never);
    const s = await api.getStatus();
    expect(s.ready).toBe(false);
    expect(s.error?.code).toBe("unavailable");
    expect(s.postgres.mode).toBe("embedded");
  });
});

describe("onEvent", () => {
  it("converts payloads and returns the unsubscribe function", () => {
    const off = vi.fn();
    let handler: ((data: unknown) => void) | undefined;
    vi.mocked(EventsOn).mockImplementation((_name, cb) => {
      handler = cb;
      return off;
    });
    const got: unknown[] = [];
    const unsubscribe = api.onEvent("note:changed", (ev) => got.push(ev));
    expect(EventsOn).toHaveBeenCalledWith("note:changed", expect.any(Function));
    handler?.({ id: "n1", version: 7 });
    handler?.({ id: "n2", deleted: true });
    expect(got).toEqual([{ id: "n1", version: 7 }, { id: "n2", deleted: true }]);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });

  it("parses the backend:ready error", () => {
    let handler: ((data: unknown) => void) | undefined;
    vi.mocked(EventsOn).mockImplementation((_name, cb) => {
      handler = cb;
      return () => {};
    });
    const got: api.BackendReady[] = [];
    api.onEvent("backend:ready", (ev) => got.push(ev));
    handler?.({ ok: false, error: '{"code":"unavailable","message":"postgres did not start"}' });
    expect(got[0]?.ok).toBe(false);
    expect(got[0]?.error?.code).toBe("unavailable");
  });

  it("reads backend:progress steps, keeping the fraction within 0 and 1", () => {
    let handler: ((data: unknown) => void) | undefined;
    vi.mocked(EventsOn).mockImplementation((_name, cb) => {
      handler = cb;
      return () => {};
    });
    const got: api.StartupProgress[] = [];
    api.onEvent("backend:progress", (p) => got.push(p));
    handler?.({ phase: "create", fraction: 0, message: "Creating the database (first start)…", done: false });
    handler?.({ phase: "odd", fraction: 7 });
    expect(got).toEqual([
      { phase: "create", fraction: 0, message: "Creating the database (first start)…", done: false },
      { phase: "odd", fraction: 1, message: "", done: false },
    ]);
  });

  it("is a no-op without the Wails runtime", () => {
    vi.mocked(EventsOn).mockImplementation(() => {
      throw new TypeError("window.runtime is undefined");
    });
    const off = api.onEvent("note:changed", () => {});
    expect(() => off()).not.toThrow();
  });
});
