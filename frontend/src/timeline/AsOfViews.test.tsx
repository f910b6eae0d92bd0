import { fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { AppError } from "../api";
import { AsOfLinksPanel, AsOfNotePane, AsOfSearchPanel, useAsOfPages } from "./AsOfViews";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  asOfNote: vi.fn(),
  asOfNotes: vi.fn(),
  asOfSearch: vi.fn(),
  asOfBacklinks: vi.fn(),
  saveNote: vi.fn(),
  createNote: vi.fn(),
  trashNote: vi.fn(),
  revertNote: vi.fn(),
}));

const at = "2026-03-02T10:00:00.000Z";
const m = vi.mocked(api);

beforeEach(() => vi.clearAllMocks());

describe("AsOfNotePane", () => {
  it("shows the note's body then, read-only, and nothing clicked or typed saves", async () => {
    m.asOfNote.mockResolvedValue({ id: "a", title: "Plan then", path: "work/Plan then.md", version: 1, at: "2026-03-01T09:00:00Z", body: "old text\n\n- [ ] a task" });
    render(<AsOfNotePane id="a" at={at} onOpenTitle={() => {}} />);
    expect(await screen.findByText("old text")).toBeTruthy();
    expect(m.asOfNote).toHaveBeenCalledWith("a", at);
    expect(screen.getByRole("heading", { name: "Plan then" })).toBeTruthy();
    expect(screen.getByText(/^as of .* work\/Plan then\.md · version 1 .* read-only$/)).toBeTruthy();
    // No editor: nothing editable, and the task cannot be ticked.
    expect(document.querySelector("[contenteditable='true'], textarea, .cm-editor")).toBeNull();
    const box = screen.getByRole("checkbox");
    fireEvent.click(box);
    fireEvent.keyDown(box, { key: " " });
    fireEvent.keyDown(document.body, { key: "s", ctrlKey: true });
    await waitFor(() => expect(box.getAttribute("aria-checked")).toBe("false"));
    expect(m.saveNote).not.toHaveBeenCalled();
    expect(m.revertNote).not.toHaveBeenCalled();
  });

  it("says when the note did not exist then", async () => {
    m.asOfNote.mockRejectedValue(new AppError("not_found", "no"));
    render(<AsOfNotePane id="a" at={at} onOpenTitle={() => {}} />);
    expect((await screen.findByRole("alert")).textContent).toMatch(/did not exist on/);
  });
});

describe("useAsOfPages", () => {
  it("lists the notes then, in the folder, sorted; nothing while now", async () => {
    m.asOfNotes.mockResolvedValue([
      { id: "1", title: "B", path: "work/B.md", version: 2, at: "2026-03-01T09:00:00Z", body: "" },
      { id: "2", title: "A", path: "work/A.md", version: 1, at: "2026-02-01T09:00:00Z", body: "" },
      { id: "3", title: "C", path: "home/C.md", version: 1, at: "2026-03-01T10:00:00Z", body: "" },
    ]);
    const { result, rerender } = renderHook(({ at, folder, order }) => useAsOfPages(at, folder, order), {
      initialProps: { at: at as string | null, folder: "work" as string | null, order: "title" as api.NoteOrder },
    });
    await waitFor(() => expect(result.current?.total).toBe(2));
    expect([result.current!.rowAt(0)!.title, result.current!.rowAt(1)!.title]).toEqual(["A", "B"]);
    rerender({ at, folder: null, order: "updated" });
    expect([0, 1, 2].map((i) => result.current!.rowAt(i)!.title)).toEqual(["C", "B", "A"]);
    rerender({ at: null, folder: null, order: "updated" });
    expect(result.current).toBeNull();
  });
});

describe("AsOfSearchPanel", () => {
  it("searches the words then and opens a result", async () => {
    m.asOfSearch.mockResolvedValue([{ id: "a", title: "Plan", path: "Plan.md", version: 1, at, snippet: "<mark>old</mark> text" }]);
    const onOpen = vi.fn();
    render(<AsOfSearchPanel at={at} onOpen={onOpen} />);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search notes" }), { target: { value: "old" } });
    const hit = await screen.findByRole("button", { name: /Plan/ });
    expect(m.asOfSearch).toHaveBeenCalledWith("old", at);
    expect(hit.querySelector("mark")?.textContent).toBe("old");
    fireEvent.click(hit);
    expect(onOpen).toHaveBeenCalledWith("a");
  });
});

describe("AsOfLinksPanel", () => {
  it("lists the backlinks then with their lines", async () => {
    m.asOfBacklinks.mockResolvedValue([{ source_id: "s", source_title: "Source", source_path: "Source.md", context: "see [[Plan]]" }]);
    const onOpen = vi.fn();
    render(<AsOfLinksPanel id="a" at={at} onOpen={onOpen} />);
    fireEvent.click(await screen.findByRole("button", { name: "Source" }));
    expect(onOpen).toHaveBeenCalledWith("s");
    expect(screen.getByText("see [[Plan]]")).toBeTruthy();
    expect(m.asOfBacklinks).toHaveBeenCalledWith("a", at);
  });
});
