import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../api";
import { AUTOSAVE_DELAY_MS, AutosaveSession, BODY_NOTIFY_MS } from "./AutosaveSession";
import { FakeNotes } from "../test/FakeNotes";

let store: FakeNotes;

beforeEach(() => {
  vi.useFakeTimers();
  store = new FakeNotes();
});

afterEach(() => {
  vi.useRealTimers();
});

function open(id = "a", body = "start"): AutosaveSession {
  return new AutosaveSession(store.add(id, body), store);
}

describe("AutosaveSession", () => {
  it("saves once, 600 ms after typing stops", async () => {
    const s = open();
    s.edit("s");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    s.edit("st");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    s.edit("sta");
    expect(store.saves).toHaveLength(0);
    expect(s.snapshot().status).toBe("dirty");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(store.saves).toEqual([{ id: "a", expectedVersion: 1, body: "sta" }]);
    expect(s.snapshot()).toMatchObject({ status: "saved", version: 2, savedBody: "sta" });
  });

  it("notifies a status change at once and typing that keeps the status within BODY_NOTIFY_MS", async () => {
    const s = open();
    const seen: string[] = [];
    s.subscribe(() => seen.push(`${s.snapshot().status}:${s.snapshot().body}`));
    s.edit("s");
    expect(seen).toEqual(["dirty:s"]);
    s.edit("st");
    s.edit("sta");
    // The snapshot is current before anyone is told.
    expect(s.snapshot().body).toBe("sta");
    expect(seen).toEqual(["dirty:s"]);
    await vi.advanceTimersByTimeAsync(BODY_NOTIFY_MS);
    expect(seen).toEqual(["dirty:s", "dirty:sta"]);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(seen.at(-1)).toBe("saved:sta");
  });

  it("tells the subscribers at once of text replaced outside the editor", async () => {
    const s = open();
    const seen: string[] = [];
    s.edit("typed");
    s.subscribe(() => seen.push(`${s.snapshot().status}:${s.snapshot().body}`));
    s.replace("---\na: 1\n---\ntyped");
    expect(seen).toEqual(["dirty:---\na: 1\n---\ntyped"]);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(store.saves.at(-1)?.body).toBe("---\na: 1\n---\ntyped");
  });

  it("carries the expected version forward from each save", async () => {
    const s = open();
    s.edit("one");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    s.edit("two");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    s.edit("three");
    await s.flush();
    expect(store.saves.map((x) => x.expectedVersion)).toEqual([1, 2, 3]);
    expect(s.snapshot().version).toBe(4);
    expect(store.notes.get("a")?.body).toBe("three");
  });

  it("does not save text that is already stored", async () => {
    const s = open("a", "same");
    s.edit("changed");
    s.edit("same");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(store.saves).toHaveLength(0);
    expect(s.snapshot().status).toBe("saved");
  });

  it("keeps text typed while a save is in flight and saves it next", async () => {
    const s = open();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const realSave = store.saveNote;
    store.saveNote = async (...args) => {
      await gate;
      return realSave(...args);
    };
    s.edit("first");
    const flushing = s.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.snapshot().status).toBe("saving");
    s.edit("first and more");
    release();
    await flushing;
    expect(store.notes.get("a")?.body).toBe("first and more");
    expect(store.saves.map((x) => x.body)).toEqual(["first", "first and more"]);
    expect(s.snapshot()).toMatchObject({ status: "saved", version: 3 });
  });

  it("turns a stale save into a conflict and keeps my text", async () => {
    const s = open();
    store.changeElsewhere("a", "theirs");
    s.edit("mine");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    const st = s.snapshot();
    expect(st.status).toBe("conflict");
    expect(st.error?.code).toBe("conflict");
    expect(st.body).toBe("mine");
    expect(store.notes.get("a")?.body).toBe("theirs");

    // Typing on does not retry over their version.
    s.edit("mine, more");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    await s.flush();
    expect(store.saves).toHaveLength(1);
    expect(store.notes.get("a")?.body).toBe("theirs");
  });

  it("keepMine saves my text on top of the latest version", async () => {
    const s = open();
    store.changeElsewhere("a", "theirs");
    s.edit("mine");
    await s.flush();
    expect(s.snapshot().status).toBe("conflict");
    await s.keepMine();
    expect(store.notes.get("a")).toMatchObject({ body: "mine", version: 3 });
    expect(store.saves.at(-1)).toEqual({ id: "a", expectedVersion: 2, body: "mine" });
    expect(s.snapshot()).toMatchObject({ status: "saved", version: 3, error: null });
  });

  it("loadTheirs discards my text", async () => {
    const s = open();
    store.changeElsewhere("a", "theirs");
    s.edit("mine");
    await s.flush();
    await s.loadTheirs();
    expect(s.snapshot()).toMatchObject({ status: "saved", body: "theirs", savedBody: "theirs", version: 2 });
    expect(store.notes.get("a")?.body).toBe("theirs");
  });

  it("keeps the text after other errors and retries on the next edit", async () => {
    const s = open();
    store.failNext = new AppError("unavailable", "The database is down.");
    s.edit("draft");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(s.snapshot()).toMatchObject({ status: "error", body: "draft" });
    expect(s.snapshot().error?.code).toBe("unavailable");
    s.edit("draft!");
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(s.snapshot().status).toBe("saved");
    expect(store.notes.get("a")?.body).toBe("draft!");
  });

  it("renames with the version the last save returned", async () => {
    const s = open();
    s.edit("body");
    await s.rename("New title");
    expect(store.notes.get("a")).toMatchObject({ title: "New title", body: "body", version: 3 });
    expect(s.snapshot()).toMatchObject({ title: "New title", version: 3 });
  });

  it("reverts after saving pending text, with the current version", async () => {
    const s = open();
    s.edit("unsaved");
    await s.revert(1);
    expect(store.saves.at(-1)?.body).toBe("unsaved");
    expect(s.snapshot()).toMatchObject({ body: "reverted", version: 3, status: "saved" });
  });

  it("reloads a clean note changed elsewhere but never a dirty one", async () => {
    const s = open();
    store.changeElsewhere("a", "theirs");
    await s.remoteChanged(2);
    expect(s.snapshot()).toMatchObject({ body: "theirs", version: 2 });

    s.edit("mine");
    store.changeElsewhere("a", "theirs again");
    await s.remoteChanged(3);
    expect(s.snapshot().body).toBe("mine");
  });

  it("ignores the echo of its own save", async () => {
    const s = open();
    const get = vi.spyOn(store, "getNote");
    s.edit("x");
    await s.flush();
    await s.remoteChanged(2);
    expect(get).not.toHaveBeenCalled();
  });
});
