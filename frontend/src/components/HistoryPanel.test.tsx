import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  noteHistory: vi.fn(),
  getVersion: vi.fn(),
}));

import { getVersion, noteHistory, type Version } from "../api";
import { HistoryPanel } from "./HistoryPanel";

const v = (version: number, kind: string): Version => ({
  seq: version * 10,
  version,
  kind,
  title: "T",
  path: "T.md",
  at: "2026-01-01T10:00:00Z",
});

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(noteHistory).mockResolvedValue([v(3, "note.updated"), v(2, "note.renamed"), v(1, "note.created")]);
  vi.mocked(getVersion).mockImplementation(async (_id, n) => ({ ...v(n, "note.updated"), body: `<img src=x onerror=alert(1)> body ${n}` }));
});

describe("HistoryPanel", () => {
  it("lists versions, shows one as plain text and restores it", async () => {
    const onRestore = vi.fn().mockResolvedValue(undefined);
    render(<HistoryPanel noteId="a" currentVersion={3} currentBody={"<img src=x onerror=alert(1)> body 3"} onRestore={onRestore} onClose={() => {}} />);
    expect(await screen.findByText("v3")).toBeTruthy();
    expect(screen.getByText("renamed")).toBeTruthy();

    await act(async () => {
      fireEvent.click(screen.getByText("v1"));
    });
    expect(getVersion).toHaveBeenCalledWith("a", 1);
    // The diff against the current text comes first, as text, never as HTML.
    const diff = screen.getByRole("table", { name: "Changes from version 1 to the current text" });
    expect(screen.getByText("From version 1 to now: +1 added, −1 removed")).toBeTruthy();
    const removed = screen.getByRole("row", { name: "removed" });
    const added = screen.getByRole("row", { name: "added" });
    expect(removed.textContent).toContain("<img src=x onerror=alert(1)> body 1");
    expect(added.textContent).toContain("<img src=x onerror=alert(1)> body 3");
    expect(diff.querySelector("img")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Text" }));
    const body = screen.getByLabelText("Version 1 text");
    expect(body.textContent).toBe("<img src=x onerror=alert(1)> body 1");
    expect(body.querySelector("img")).toBeNull();

    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Restore this version" }));
    });
    expect(onRestore).toHaveBeenCalledWith(1);
  });

  it("does not offer to restore the current version", async () => {
    render(<HistoryPanel noteId="a" currentVersion={3} currentBody={"<img src=x onerror=alert(1)> body 3"} onRestore={vi.fn()} onClose={() => {}} />);
    const v3 = await screen.findByText("v3");
    await act(async () => {
      fireEvent.click(v3);
    });
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Restore this version" }).disabled).toBe(true);
    expect(screen.getByText("Version 3 is the same as the current text.")).toBeTruthy();
  });

  it("folds long unchanged runs around a change", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const now = [...lines];
    now[15] = "edited";
    vi.mocked(getVersion).mockResolvedValue({ ...v(2, "note.updated"), body: lines.join("\n") });
    render(<HistoryPanel noteId="a" currentVersion={3} currentBody={now.join("\n")} onRestore={vi.fn()} onClose={() => {}} />);
    const v2 = await screen.findByText("v2");
    await act(async () => {
      fireEvent.click(v2);
    });
    expect(screen.getByText("⋯ 12 unchanged lines")).toBeTruthy();
    expect(screen.getByText("⋯ 11 unchanged lines")).toBeTruthy();
    expect(screen.getByRole("row", { name: "removed" }).textContent).toContain("line 15");
    expect(screen.getByRole("row", { name: "added" }).textContent).toContain("edited");
  });
});
