import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import * as focusIntent from "../editing/focusIntent";
import { useNavigation } from "./useNavigation";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  getNote: vi.fn(),
  createNote: vi.fn(),
  findTitles: vi.fn(),
  outgoingLinks: vi.fn(),
  openExternal: vi.fn(),
  todayNote: vi.fn(),
}));

const note = (id: string, title = id): api.Note => ({ id, title, path: `${title}.md`, body: `# ${title}`, version: 1, created_at: "", updated_at: "", trashed_at: null });

beforeEach(() => {
  localStorage.clear();
  vi.mocked(api.getNote).mockImplementation(async (id) => note(id));
  vi.mocked(api.outgoingLinks).mockResolvedValue([]);
  vi.mocked(api.findTitles).mockImplementation(async (t) => (t === "Known" ? [{ id: "k", title: "Known", path: "Known.md", alias: "" }] : []));
  vi.mocked(api.createNote).mockImplementation(async (t) => note("new", t));
});
afterEach(() => {
  focusIntent.release();
  vi.clearAllMocks();
});

function setup(reading = false) {
  const onTag = vi.fn();
  const onCreated = vi.fn();
  const hook = renderHook(() => useNavigation({ reading, onTag, onCreated }));
  return { ...hook, onTag, onCreated };
}

describe("useNavigation", () => {
  it("opens a note for writing: the keys typed meanwhile are held for it", async () => {
    const { result } = setup();
    act(() => result.current.open("a", { focus: true }));
    expect(focusIntent.pending()).toEqual({ id: "a" });
    expect(focusIntent.holding()).toBe(true);
    await waitFor(() => expect(result.current.main.state?.id).toBe("a"));
  });

  it("does not hold keys when the reading view shows (there is no editor to give them to)", () => {
    const { result } = setup(true);
    act(() => result.current.open("a", { focus: true }));
    expect(focusIntent.pending()).toBeNull();
  });

  it("hands the keyboard to the note a tab switch shows", async () => {
    const { result } = setup();
    act(() => result.current.open("a", { where: "tab" }));
    act(() => result.current.open("b", { where: "tab" }));
    await waitFor(() => expect(result.current.main.state?.id).toBe("b"));
    act(() => result.current.tabs.cycle(1));
    expect(focusIntent.pending()).toEqual({ id: "a" });
    await waitFor(() => expect(result.current.main.state?.id).toBe("a"));
    act(() => result.current.tabs.back());
    expect(result.current.tabs.mainId).toBe("a"); // this tab has no history
  });

  it("follows links: a known note, a URL, a tag, and an unresolved note only after asking", async () => {
    const { result, onTag, onCreated } = setup();
    act(() => result.current.follow({ kind: "note", target: "Known", heading: "Part", from: 0, to: 1 }, "tab", "main"));
    await waitFor(() => expect(result.current.tabs.mainId).toBe("k"));
    act(() => result.current.follow({ kind: "url", url: "https://example.com", from: 0, to: 1 }, "here", "main"));
    expect(api.openExternal).toHaveBeenCalledWith("https://example.com");
    act(() => result.current.follow({ kind: "tag", tag: "a/b", from: 0, to: 1 }, "here", "main"));
    expect(onTag).toHaveBeenCalledWith("a/b");

    act(() => result.current.follow({ kind: "note", target: "Missing", heading: "", from: 0, to: 1 }, "here", "main"));
    await waitFor(() => expect(result.current.confirm).not.toBeNull());
    act(() => result.current.confirm!.answer(false));
    await waitFor(() => expect(result.current.confirm).toBeNull());
    expect(api.createNote).not.toHaveBeenCalled();

    act(() => result.current.follow({ kind: "note", target: "Missing", heading: "", from: 0, to: 1 }, "split", "main"));
    await waitFor(() => expect(result.current.confirm).not.toBeNull());
    act(() => result.current.confirm!.answer(true));
    await waitFor(() => expect(result.current.tabs.splitId).toBe("new"));
    expect(api.createNote).toHaveBeenCalledWith("Missing");
    expect(onCreated).toHaveBeenCalled();
  });

  it("closes the tabs of a note deleted elsewhere", async () => {
    const { result } = setup();
    act(() => result.current.open("a", { where: "tab" }));
    act(() => result.current.open("b", { where: "tab" }));
    act(() => result.current.noteChanged({ id: "b", deleted: true }));
    expect(result.current.tabs.state.tabs.map((t) => t.nav.noteId)).toEqual(["a"]);
  });
});
