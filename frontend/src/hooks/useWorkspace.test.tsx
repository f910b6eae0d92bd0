import { act, fireEvent, render, renderHook, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  exportVault: vi.fn(),
}));

import * as api from "../api";
import { CommandPalette } from "../components/CommandPalette";
import { resetThemeForTests } from "./useTheme";
import { useWorkspace, WORKSPACE_SHORTCUTS } from "./useWorkspace";

beforeEach(() => {
  vi.resetAllMocks();
  localStorage.clear();
  resetThemeForTests();
  Object.defineProperty(window, "innerWidth", { configurable: true, value: 1280 });
});

describe("useWorkspace", () => {
  it("lists rename, export, theme and panel commands in the palette, each with its shortcut", () => {
    const { result } = renderHook(() => useWorkspace());
    render(<CommandPalette commands={result.current.commands} onClose={vi.fn()} />);
    const rows = screen.getAllByRole("option").map((li) => li.textContent);
    for (const want of [
      `Toggle sidebar${WORKSPACE_SHORTCUTS.left}`,
      `Toggle right panel (links, history)${WORKSPACE_SHORTCUTS.right}`,
      `Rename noteF2`,
      "Export the vault to a folder…",
      `Theme: next (now System)${WORKSPACE_SHORTCUTS.theme}`,
      "Theme: dark",
    ]) {
      expect(rows).toContain(want);
    }
    fireEvent.change(screen.getByLabelText("Command"), { target: { value: "theme dark" } });
    expect(screen.getAllByRole("option").map((li) => li.textContent)).toEqual(["Theme: dark"]);
  });

  it("toggles the panels and the theme from the keyboard", () => {
    const { result } = renderHook(() => useWorkspace());
    act(() => void fireEvent.keyDown(window, { key: "\\", code: "Backslash", ctrlKey: true }));
    expect(result.current.panels.open).toEqual({ left: false, right: true });
    act(() => void fireEvent.keyDown(window, { key: "|", code: "Backslash", ctrlKey: true, shiftKey: true }));
    expect(result.current.panels.open).toEqual({ left: false, right: false });
    act(() => void fireEvent.keyDown(window, { key: "T", ctrlKey: true, shiftKey: true }));
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(localStorage.getItem("secondbrain.theme")).toBe("light");
    act(() => void fireEvent.keyDown(window, { key: "T", ctrlKey: true, shiftKey: true }));
    expect(document.documentElement.dataset.theme).toBe("dark");
  });

  it("renames through the open note's title field (F2)", () => {
    renderHook(() => useWorkspace());
    render(
      <div className="note-pane">
        <input className="title-input" aria-label="Title" defaultValue="Ada" />
      </div>,
    );
    act(() => void fireEvent.keyDown(window, { key: "F2" }));
    const input = screen.getByLabelText("Title") as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 3]);
  });

  it("exports the vault and shows what was written and renamed", async () => {
    vi.mocked(api.exportVault).mockResolvedValue({
      path: "/tmp/out",
      notes: 3,
      attachments: 1,
      bytes: 120,
      missing_attachments: [],
      renamed: [{ path: "x.md", new_path: "x (2).md", reason: "the folder x.md/ has the same name" }],
      duration_ms: 12,
    });
    const { result } = renderHook(() => useWorkspace());
    act(() => result.current.commands.find((c) => c.id === "export")!.run());
    await act(async () => {
      render(<>{result.current.overlay}</>);
    });
    const report = await screen.findByRole("status", { name: "Export report" });
    expect(report.textContent).toContain("Exported 3 notes and 1 attachment to /tmp/out");
    expect(report.textContent).toContain("x.md → x (2).md: the folder x.md/ has the same name");
  });

  it("closes the export when the folder picker is closed", async () => {
    vi.mocked(api.exportVault).mockResolvedValue(null);
    const { result, rerender } = renderHook(() => useWorkspace());
    act(() => result.current.commands.find((c) => c.id === "export")!.run());
    const view = render(<>{result.current.overlay}</>);
    await act(async () => {});
    rerender();
    view.rerender(<>{result.current.overlay}</>);
    expect(result.current.overlay).toBeNull();
  });
});
