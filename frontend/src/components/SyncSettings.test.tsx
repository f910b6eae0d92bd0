import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  syncStatus: vi.fn(),
  setupSync: vi.fn(),
  syncNow: vi.fn(),
  confirmSyncTrash: vi.fn(),
  onEvent: vi.fn(() => () => {}),
}));

import * as api from "../api";
import { SyncSettings } from "./SyncSettings";

const setUp = (over: Partial<api.SyncStatus> = {}): api.SyncStatus => ({
  ...api.NOT_SET_UP,
  configured: true,
  hub: "postgres://me@home/brain",
  device: "Laptop",
  ...over,
});

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.onEvent).mockReturnValue(() => {});
  vi.mocked(api.syncStatus).mockResolvedValue(api.NOT_SET_UP);
});

async function fill(hub: string, device: string, pass: string, again = pass) {
  fireEvent.change(await screen.findByLabelText("Hub address"), { target: { value: hub } });
  fireEvent.change(screen.getByLabelText("Device name"), { target: { value: device } });
  fireEvent.change(screen.getByLabelText("Sync passphrase"), { target: { value: pass } });
  fireEvent.change(screen.getByLabelText("Sync passphrase again"), { target: { value: again } });
}

describe("SyncSettings", () => {
  it("sets up the first device and shows the recovery code once", async () => {
    vi.mocked(api.setupSync).mockResolvedValue({ created: true, device: "Laptop", recovery_code: "ABCDE-FGHJK", status: setUp() });
    render(<SyncSettings />);
    await fill(" postgres://me@home/brain ", "Laptop", "correct horse");
    const button = screen.getByRole("button", { name: "Set up sync" }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(button);
    });
    expect(api.setupSync).toHaveBeenCalledWith("postgres://me@home/brain", "Laptop", "correct horse");
    expect(screen.getByLabelText("Recovery code").textContent).toContain("ABCDE-FGHJK");
    expect(screen.getByLabelText("Sync device").textContent).toBe("Laptop");
    fireEvent.click(screen.getByRole("button", { name: "I have saved it" }));
    expect(screen.queryByLabelText("Recovery code")).toBeNull();
  });

  it("needs the passphrase twice, the same", async () => {
    render(<SyncSettings />);
    await fill("postgres://h/db", "Desk", "one", "two");
    expect((screen.getByRole("button", { name: "Set up sync" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText("The two passphrases differ.")).toBeTruthy();
  });

  it("says why a wrong passphrase was refused and keeps the form", async () => {
    vi.mocked(api.setupSync).mockRejectedValue(new api.AppError("invalid", "the sync passphrase does not unlock this hub's vault; nothing was changed"));
    render(<SyncSettings />);
    await fill("postgres://h/db", "Desk", "wrong");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Set up sync" }));
    });
    expect(screen.getByRole("alert").textContent).toContain("does not unlock");
    expect(screen.getByLabelText("Hub address")).toBeTruthy();
    expect(screen.queryByLabelText("Recovery code")).toBeNull();
  });

  it("syncs now and settles held trash", async () => {
    vi.mocked(api.syncStatus).mockResolvedValue(setUp({ pending_trash: 60 }));
    vi.mocked(api.confirmSyncTrash).mockResolvedValue(setUp());
    vi.mocked(api.syncNow).mockResolvedValue(setUp({ pending_trash: 60, last_sync_at: new Date().toISOString() }));
    render(<SyncSettings />);
    expect((await screen.findByLabelText("Sync status")).textContent).toContain("60 trashed notes held");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Sync now" }));
    });
    expect(api.syncNow).toHaveBeenCalled();
    expect(screen.getByLabelText("Sync status").textContent).toContain("last sync just now");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Keep them" }));
    });
    expect(api.confirmSyncTrash).toHaveBeenCalledWith(false);
    expect(screen.queryByRole("group", { name: "Held trash" })).toBeNull();
  });
});
