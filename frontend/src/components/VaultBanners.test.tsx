import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  confirmVaultDeletions: vi.fn(),
}));

import * as api from "../api";
import { VaultBanners } from "./VaultBanners";

const attached = (over: Partial<api.VaultStatus> = {}): api.VaultStatus => ({ ...api.DETACHED, path: "/home/ann/Notes", attached: true, watching: true, ...over });

beforeEach(() => vi.resetAllMocks());

describe("VaultBanners", () => {
  it("shows nothing for a vault without a folder or without news", () => {
    const { container, rerender } = render(<VaultBanners status={null} onOpenConflicts={vi.fn()} onStatus={vi.fn()} />);
    expect(container.textContent).toBe("");
    rerender(<VaultBanners status={{ ...api.DETACHED, conflicts: 2 }} onOpenConflicts={vi.fn()} onStatus={vi.fn()} />);
    expect(container.textContent).toBe("");
    rerender(<VaultBanners status={attached()} onOpenConflicts={vi.fn()} onStatus={vi.fn()} />);
    expect(container.textContent).toBe("");
  });

  for (const [button, apply] of [
    ["Apply the deletions", true],
    ["Restore the files", false],
  ] as const) {
    it(`asks about held deletions: ${button}`, async () => {
      const after = attached();
      vi.mocked(api.confirmVaultDeletions).mockResolvedValue(after);
      const onStatus = vi.fn();
      render(<VaultBanners status={attached({ pending_deletions: 60 })} onOpenConflicts={vi.fn()} onStatus={onStatus} />);
      const banner = screen.getByRole("alert", { name: "Deletions held" });
      expect(banner.textContent).toContain("60 files were deleted outside the app — apply or restore?");
      await act(async () => {
        fireEvent.click(screen.getByRole("button", { name: button }));
      });
      expect(api.confirmVaultDeletions).toHaveBeenCalledWith(apply);
      expect(onStatus).toHaveBeenCalledWith(after);
    });
  }

  it("says why an answer to held deletions failed", async () => {
    vi.mocked(api.confirmVaultDeletions).mockRejectedValue(new api.AppError("unavailable", "The folder is not there."));
    const onStatus = vi.fn();
    render(<VaultBanners status={attached({ pending_deletions: 1 })} onOpenConflicts={vi.fn()} onStatus={onStatus} />);
    expect(screen.getByRole("alert").textContent).toContain("1 file was deleted");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Restore the files" }));
    });
    expect(screen.getByRole("alert").textContent).toContain("The folder is not there.");
    expect(onStatus).not.toHaveBeenCalled();
  });

  it("announces conflicts, opens them, and stays dismissed for the session until more arrive", () => {
    const onOpen = vi.fn();
    const { rerender } = render(<VaultBanners status={attached({ conflicts: 2 })} onOpenConflicts={onOpen} onStatus={vi.fn()} />);
    const banner = screen.getByRole("status", { name: "Vault conflicts" });
    expect(banner.textContent).toContain("2 notes and their files were both changed in the same lines.");
    expect(banner.textContent).toContain("the notes kept the app's text, the files' text waits beside them.");
    fireEvent.click(screen.getByRole("button", { name: "Review conflicts" }));
    expect(onOpen).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole("button", { name: "Dismiss the conflicts notice for this session" }));
    expect(screen.queryByRole("status", { name: "Vault conflicts" })).toBeNull();
    // A status update with the same count keeps it away.
    rerender(<VaultBanners status={attached({ conflicts: 2, lag_events: 4 })} onOpenConflicts={onOpen} onStatus={vi.fn()} />);
    expect(screen.queryByRole("status", { name: "Vault conflicts" })).toBeNull();
    // One more conflict brings it back.
    rerender(<VaultBanners status={attached({ conflicts: 3 })} onOpenConflicts={onOpen} onStatus={vi.fn()} />);
    expect(screen.getByRole("status", { name: "Vault conflicts" })).toBeTruthy();
    // Dismissed, all resolved, then a new one: it shows again.
    fireEvent.click(screen.getByRole("button", { name: "Dismiss the conflicts notice for this session" }));
    rerender(<VaultBanners status={attached({ conflicts: 0 })} onOpenConflicts={onOpen} onStatus={vi.fn()} />);
    rerender(<VaultBanners status={attached({ conflicts: 1 })} onOpenConflicts={onOpen} onStatus={vi.fn()} />);
    const one = screen.getByRole("status", { name: "Vault conflicts" }).textContent;
    expect(one).toContain("A note and its file were both changed");
    expect(one).toContain("the note kept the app's text, the file's text waits beside it.");
  });
});
