import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  vaultStatus: vi.fn(),
  attachVault: vi.fn(),
  chooseVaultFolder: vi.fn(),
  detachVault: vi.fn(),
  syncVault: vi.fn(),
  onEvent: vi.fn(() => () => {}),
}));

import * as api from "../api";
import { VaultSettings } from "./VaultSettings";

const attached = (over: Partial<api.VaultStatus> = {}): api.VaultStatus => ({ ...api.DETACHED, path: "/home/ann/Notes", attached: true, watching: true, ...over });

// statusListener is the "vault:status" listener VaultSettings registered.
function statusListener(): (s: api.VaultStatus) => void {
  const call = vi.mocked(api.onEvent).mock.calls.find(([name]) => name === "vault:status");
  if (!call) throw new Error("no vault:status listener");
  return call[1] as (s: api.VaultStatus) => void;
}

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.onEvent).mockReturnValue(() => {});
  vi.mocked(api.vaultStatus).mockResolvedValue(api.DETACHED);
});

/** answers is an action that leaves the backend in status s and answers it: a status read afterwards says s too. */
function answers(s: api.VaultStatus) {
  return async () => {
    vi.mocked(api.vaultStatus).mockResolvedValue(s);
    return s;
  };
}

describe("VaultSettings", () => {
  it("attaches the folder typed", async () => {
    vi.mocked(api.attachVault).mockImplementation(answers(attached()));
    render(<VaultSettings />);
    const input = await screen.findByLabelText("Vault folder path");
    expect((screen.getByRole("button", { name: "Attach" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(input, { target: { value: " /home/ann/Notes " } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Attach" }));
    });
    expect(api.attachVault).toHaveBeenCalledWith("/home/ann/Notes");
    expect(screen.getByLabelText("Attached folder").textContent).toBe("/home/ann/Notes");
    expect(screen.getByLabelText("Vault status").textContent).toBe("● watching · 0 note changes to write, 0 file changes to read");
  });

  it("attaches a folder picked, and says why a folder was refused", async () => {
    vi.mocked(api.chooseVaultFolder).mockRejectedValue(new api.AppError("invalid", "That folder is already attached to another vault."));
    render(<VaultSettings />);
    const choose = await screen.findByRole("button", { name: "Choose…" });
    await act(async () => {
      fireEvent.click(choose);
    });
    expect(screen.getByRole("alert").textContent).toBe("That folder is already attached to another vault.");
    vi.mocked(api.chooseVaultFolder).mockImplementation(answers(attached()));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Choose…" }));
    });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByLabelText("Attached folder").textContent).toBe("/home/ann/Notes");
  });

  it("shows polling, conflicts, held deletions and the files not synced", async () => {
    vi.mocked(api.vaultStatus).mockResolvedValue(
      attached({
        watching: false,
        polling: true,
        lag_events: 1,
        pending_external: 4,
        conflicts: 2,
        pending_deletions: 70,
        issues: [
          { path: "big.md", message: "larger than 10 MB" },
          { path: "link.md", message: "a symlink out of the vault" },
        ],
      }),
    );
    render(<VaultSettings />);
    const line = await screen.findByLabelText("Vault status");
    expect(line.textContent).toBe(
      "● polling · file notifications are unavailable, so the folder is rescanned regularly · 1 note change to write, 4 file changes to read · 2 conflicts · 70 deletions held",
    );
    const issues = within(screen.getByRole("list", { name: "Vault issues" })).getAllByRole("listitem");
    expect(issues.map((i) => i.textContent)).toEqual(["big.md — larger than 10 MB", "link.md — a symlink out of the vault"]);
  });

  it("says why the status cannot be read", async () => {
    vi.mocked(api.vaultStatus).mockRejectedValue(new api.AppError("unavailable", "The backend is starting."));
    render(<VaultSettings />);
    expect(await screen.findByText("The vault folder's status is not available: The backend is starting.")).toBeTruthy();
    expect(screen.queryByLabelText("Vault folder path")).toBeNull();
  });

  it("follows the vault:status event", async () => {
    vi.mocked(api.vaultStatus).mockResolvedValue(attached());
    render(<VaultSettings />);
    await screen.findByLabelText("Vault status");
    act(() => statusListener()(attached({ watching: false, last_error: "the folder disappeared" })));
    const line = screen.getByLabelText("Vault status");
    expect(line.textContent).toContain("● paused: the folder disappeared");
    expect(line.classList.contains("status-warn")).toBe(true);
  });

  it("syncs now, and detaches only once confirmed", async () => {
    vi.mocked(api.vaultStatus).mockResolvedValue(attached({ lag_events: 3 }));
    vi.mocked(api.syncVault).mockImplementation(answers(attached()));
    vi.mocked(api.detachVault).mockImplementation(answers(api.DETACHED));
    render(<VaultSettings />);
    const sync = await screen.findByRole("button", { name: "Sync now" });
    await act(async () => {
      fireEvent.click(sync);
    });
    expect(api.syncVault).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText("Vault status").textContent).toContain("0 note changes to write");

    fireEvent.click(screen.getByRole("button", { name: "Detach" }));
    const confirm = screen.getByRole("alertdialog");
    fireEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(api.detachVault).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Detach" }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Detach" }));
    });
    expect(api.detachVault).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText("Vault folder path")).toBeTruthy();
  });
});
