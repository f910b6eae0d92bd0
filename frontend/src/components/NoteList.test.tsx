import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { NoteSummary } from "../api";
import { NoteList, ROW_HEIGHT } from "./NoteList";

function makeNotes(n: number): NoteSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `id-${i}`,
    title: `Note ${i}`,
    path: `Note ${i}.md`,
    version: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    trashed_at: null,
  }));
}

describe("NoteList", () => {
  it("renders only a window of rows for 10,000 notes", () => {
    const notes = makeNotes(10_000);
    const onRange = vi.fn();
    render(
      <NoteList label="Notes" total={notes.length} rowAt={(i) => notes[i]} onRange={onRange} selectedId={null} onSelect={() => {}} />,
    );
    const rows = screen.getAllByRole("option");
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]?.textContent).toContain("Note 0");
    expect(screen.getByRole("listbox").firstElementChild?.getAttribute("style")).toContain(`height: ${10_000 * ROW_HEIGHT}px`);
    expect(onRange).toHaveBeenLastCalledWith(0, rows.length);
  });

  it("moves the window when scrolled", () => {
    const notes = makeNotes(10_000);
    const onRange = vi.fn();
    render(
      <NoteList label="Notes" total={notes.length} rowAt={(i) => notes[i]} onRange={onRange} selectedId={null} onSelect={() => {}} />,
    );
    const list = screen.getByRole("listbox");
    fireEvent.scroll(list, { target: { scrollTop: 5000 * ROW_HEIGHT } });
    const rows = screen.getAllByRole("option");
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByText("Note 5000")).toBeTruthy();
    expect(screen.queryByText("Note 0")).toBeNull();
    const [start, end] = onRange.mock.lastCall as [number, number];
    expect(start).toBeLessThanOrEqual(5000);
    expect(end).toBeGreaterThan(5000);
  });

  it("shows placeholders for rows not loaded yet and selects on click", () => {
    const notes = makeNotes(3);
    const onSelect = vi.fn();
    render(
      <NoteList label="Notes" total={10} rowAt={(i) => notes[i]} onRange={() => {}} selectedId="id-1" onSelect={onSelect} />,
    );
    expect(screen.getAllByText("Loading…")).toHaveLength(7);
    expect(screen.getByRole("option", { selected: true }).textContent).toContain("Note 1");
    fireEvent.click(screen.getByText("Note 2"));
    expect(onSelect).toHaveBeenCalledWith(notes[2], { where: "here", focus: true });
    fireEvent.click(screen.getByText("Note 0"), { ctrlKey: true });
    expect(onSelect).toHaveBeenLastCalledWith(notes[0], { where: "tab", focus: true });
    fireEvent.click(screen.getByText("Note 0"), { ctrlKey: true, shiftKey: true });
    expect(onSelect).toHaveBeenLastCalledWith(notes[0], { where: "split", focus: true });
  });

  it("moves the selection with the arrow keys", () => {
    const notes = makeNotes(5);
    const onSelect = vi.fn();
    render(
      <NoteList label="Notes" total={5} rowAt={(i) => notes[i]} onRange={() => {}} selectedId="id-1" onSelect={onSelect} />,
    );
    fireEvent.keyDown(screen.getByRole("listbox"), { key: "ArrowDown" });
    expect(onSelect).toHaveBeenCalledWith(notes[2]);
  });

  it("opens the selected row for writing with Enter", () => {
    const notes = makeNotes(5);
    const onSelect = vi.fn();
    render(
      <NoteList label="Notes" total={5} rowAt={(i) => notes[i]} onRange={() => {}} selectedId="id-3" onSelect={onSelect} />,
    );
    fireEvent.keyDown(screen.getByRole("listbox"), { key: "Enter" });
    expect(onSelect).toHaveBeenCalledWith(notes[3], { where: "here", focus: true });
  });
});
