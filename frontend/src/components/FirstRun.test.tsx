import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  getSettings: vi.fn(),
  getStatus: vi.fn(),
  createNote: vi.fn(),
  copyText: vi.fn(),
  chooseVaultFolder: vi.fn(),
}));

import * as api from "../api";
import { FirstRun } from "./FirstRun";

const note: api.Note = { id: "n1", title: "Ideas", path: "Ideas.md", body: "", version: 1, created_at: "", updated_at: "", trashed_at: null };

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.getSettings).mockResolvedValue({ data_dir: "/home/ann/.local/share/secondbrain" } as api.Settings);
  vi.mocked(api.getStatus).mockResolvedValue({
    ready: true,
    error: null,
    postgres: { ok: true, mode: "embedded", owned: true },
    server: "PostgreSQL 15.8, embedded, data in /home/ann/.local/share/secondbrain/postgres",
    version: "1",
  });
  vi.mocked(api.copyText).mockResolvedValue(true);
});

describe("FirstRun", () => {
  it("imports a folder, shows and copies where the data lives", async () => {
    const onImport = vi.fn();
    render(<FirstRun onImport={onImport} onCreated={vi.fn()} />);
    expect((await screen.findByText("/home/ann/.local/share/secondbrain")).getAttribute("aria-label")).toBe("Data folder");
    expect(await screen.findByText(/PostgreSQL 15.8, embedded/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Import a folder…" }));
    expect(onImport).toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy the data folder's path" }));
    });
    expect(api.copyText).toHaveBeenCalledWith("/home/ann/.local/share/secondbrain");
    expect(screen.getByRole("button", { name: "Copy the data folder's path" }).textContent).toBe("Copied");
  });

  it("creates the first note with the title typed", async () => {
    vi.mocked(api.createNote).mockResolvedValue(note);
    const onCreated = vi.fn();
    render(<FirstRun onImport={vi.fn()} onCreated={onCreated} />);
    fireEvent.change(screen.getByLabelText("First note title"), { target: { value: " Ideas " } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Create note" }));
    });
    expect(api.createNote).toHaveBeenCalledWith("Ideas");
    expect(onCreated).toHaveBeenCalledWith(note);
  });

  it("says why a note could not be made", async () => {
    vi.mocked(api.createNote).mockRejectedValue(new api.AppError("invalid", "a title cannot contain /"));
    const onCreated = vi.fn();
    render(<FirstRun onImport={vi.fn()} onCreated={onCreated} />);
    await act(async () => {
      fireEvent.submit(screen.getByLabelText("First note title"));
    });
    expect(api.createNote).toHaveBeenCalledWith("Welcome");
    expect(screen.getByRole("alert").textContent).toBe("a title cannot contain /");
    expect(onCreated).not.toHaveBeenCalled();
  });

  it("opens a folder as the vault", async () => {
    vi.mocked(api.chooseVaultFolder).mockResolvedValue({ ...api.DETACHED, path: "/home/ann/Notes", attached: true, watching: true });
    const onImport = vi.fn();
    render(<FirstRun onImport={onImport} onCreated={vi.fn()} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Open folder as vault…" }));
    });
    expect(api.chooseVaultFolder).toHaveBeenCalledTimes(1);
    expect(onImport).not.toHaveBeenCalled();
    expect(screen.getByRole("status").textContent).toBe("Attached /home/ann/Notes: its notes are coming in.");
  });

  it("says nothing when the folder picker was cancelled, and why a folder was refused", async () => {
    vi.mocked(api.chooseVaultFolder).mockResolvedValue(api.DETACHED);
    render(<FirstRun onImport={vi.fn()} onCreated={vi.fn()} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Open folder as vault…" }));
    });
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    vi.mocked(api.chooseVaultFolder).mockRejectedValue(new api.AppError("invalid", "The data folder cannot be the vault folder."));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Open folder as vault…" }));
    });
    expect(screen.getByRole("alert").textContent).toBe("The data folder cannot be the vault folder.");
  });
});
