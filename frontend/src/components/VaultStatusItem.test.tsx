import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { DETACHED, type VaultStatus } from "../api";
import { folderName, VaultStatusItem } from "./VaultStatusItem";

const attached = (over: Partial<VaultStatus> = {}): VaultStatus => ({ ...DETACHED, path: "/home/ann/Notes", attached: true, watching: true, ...over });

describe("folderName", () => {
  const cases: [string, string][] = [
    ["/home/ann/Notes", "Notes"],
    ["/home/ann/Notes/", "Notes"],
    ["C:\\Users\\ann\\Vault", "Vault"],
    ["/", "/"],
  ];
  for (const [path, want] of cases) it(path, () => expect(folderName(path)).toBe(want));
});

describe("VaultStatusItem", () => {
  it("shows nothing without a folder", () => {
    const { container, rerender } = render(<VaultStatusItem status={null} onConflicts={vi.fn()} />);
    expect(container.textContent).toBe("");
    rerender(<VaultStatusItem status={DETACHED} onConflicts={vi.fn()} />);
    expect(container.textContent).toBe("");
  });

  const cases: { name: string; status: VaultStatus; text: string; warn: boolean }[] = [
    { name: "watching, in step", status: attached(), text: "Vault Notes · watching", warn: false },
    { name: "polling, behind", status: attached({ watching: false, polling: true, lag_events: 3, pending_external: 2 }), text: "Vault Notes · polling · 5 behind", warn: false },
    { name: "paused with the error", status: attached({ watching: false, last_error: "the folder is gone" }), text: "Vault Notes · paused: the folder is gone", warn: true },
    { name: "watching after an error", status: attached({ last_error: "permission denied: a.md" }), text: "Vault Notes · watching ⚠", warn: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      render(<VaultStatusItem status={c.status} onConflicts={vi.fn()} />);
      const item = screen.getByRole("button", { name: "Vault folder status" });
      expect(item.textContent).toBe(c.text);
      expect(item.classList.contains("status-warn")).toBe(c.warn);
      expect(item.getAttribute("title")).toContain("/home/ann/Notes");
    });
  }

  it("opens the conflicts, the details and the held deletions", () => {
    const onConflicts = vi.fn();
    const onDetails = vi.fn();
    const onDeletions = vi.fn();
    render(<VaultStatusItem status={attached({ conflicts: 1, pending_deletions: 80 })} onConflicts={onConflicts} onDetails={onDetails} onDeletions={onDeletions} />);
    fireEvent.click(screen.getByRole("button", { name: "1 conflict" }));
    expect(onConflicts).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole("button", { name: "⚠ 80 deletions held" }));
    expect(onDeletions).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole("button", { name: "Vault folder status" }));
    expect(onDetails).toHaveBeenCalledTimes(1);
  });

  it("has no conflict or deletion button when there are none", () => {
    render(<VaultStatusItem status={attached()} onConflicts={vi.fn()} />);
    expect(screen.getAllByRole("button")).toHaveLength(1);
  });
});
