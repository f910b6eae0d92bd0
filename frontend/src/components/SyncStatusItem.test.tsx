import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { NOT_SET_UP, type SyncStatus } from "../api";
import { sinceText, syncLine, SyncStatusItem } from "./SyncStatusItem";

const now = Date.parse("2026-12-07T12:00:00Z");
const set = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  ...NOT_SET_UP,
  configured: true,
  hub: "postgres://me@home/brain",
  device: "Laptop",
  last_sync_at: "2026-12-07T11:55:00Z",
  ...over,
});

describe("sinceText", () => {
  const cases: [string, string][] = [
    ["", "never"],
    ["garbage", "never"],
    ["2026-12-07T11:59:30Z", "just now"],
    ["2026-12-07T11:55:00Z", "5 min ago"],
    ["2026-12-07T09:00:00Z", "3 h ago"],
  ];
  for (const [at, want] of cases) it(at || "empty", () => expect(sinceText(at, now)).toBe(want));
});

describe("syncLine", () => {
  const cases: { name: string; s: SyncStatus; text: string; bad: boolean }[] = [
    { name: "in step", s: set(), text: "Synced 5 min ago", bad: false },
    { name: "behind", s: set({ pending_out: 2, pending_in: 1 }), text: "Syncing · 3 to go", bad: false },
    { name: "offline with changes waiting", s: set({ pending_out: 4, last_error: "hub unreachable" }), text: "Sync offline · 4 changes waiting", bad: true },
    { name: "offline", s: set({ last_error: "hub unreachable" }), text: "Sync offline", bad: true },
  ];
  for (const c of cases) it(c.name, () => expect(syncLine(c.s, now)).toEqual({ text: c.text, bad: c.bad }));
});

describe("SyncStatusItem", () => {
  it("shows nothing on a device without sync", () => {
    const { container } = render(<SyncStatusItem status={NOT_SET_UP} />);
    expect(container.textContent).toBe("");
  });

  it("says what waits while offline and opens the settings", () => {
    const onDetails = vi.fn();
    render(<SyncStatusItem status={set({ pending_out: 1, last_error: "connection refused" })} onDetails={onDetails} />);
    const item = screen.getByRole("button", { name: "Device sync status" });
    expect(item.textContent).toBe("Sync offline · 1 change waiting");
    expect(item.classList.contains("status-warn")).toBe(true);
    expect(item.getAttribute("title")).toContain("Last error: connection refused");
    expect(item.getAttribute("title")).not.toContain("password");
    fireEvent.click(item);
    expect(onDetails).toHaveBeenCalled();
  });

  it("opens the conflicts and shows held trash", () => {
    const onConflicts = vi.fn();
    render(<SyncStatusItem status={set({ conflicts: 2, pending_trash: 60 })} onConflicts={onConflicts} />);
    fireEvent.click(screen.getByRole("button", { name: "2 sync conflicts" }));
    expect(onConflicts).toHaveBeenCalled();
    expect(screen.getByText(/60 trashed notes held/)).toBeTruthy();
  });
});
