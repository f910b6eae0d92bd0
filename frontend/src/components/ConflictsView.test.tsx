import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  vaultConflicts: vi.fn(),
  vaultConflict: vi.fn(),
  resolveVaultConflict: vi.fn(),
}));

import * as api from "../api";
import { ConflictsView } from "./ConflictsView";

const a: api.VaultConflict = {
  id: "c1",
  note_id: "n1",
  title: "Groceries",
  path: "lists/Groceries.md",
  conflict_path: "lists/Groceries (conflict 2026-12-07 0130).md",
  created: "2026-12-07T01:30:00Z",
  source: "folder",
};
const b: api.VaultConflict = { ...a, id: "c2", note_id: "n2", title: "Plans", path: "Plans.md", conflict_path: "Plans (conflict 2026-12-07 0131).md" };
const detail: api.VaultConflictDetail = {
  ...a,
  note_text: "# Groceries\nmilk\neggs\nbread\n",
  file_text: "# Groceries\noat milk\neggs\nbread\njam\n",
  note_version: 7,
};

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.vaultConflicts).mockResolvedValue([a, b]);
  vi.mocked(api.vaultConflict).mockResolvedValue(detail);
  vi.mocked(api.resolveVaultConflict).mockResolvedValue();
});

async function openFirst() {
  const list = await screen.findByRole("list", { name: "Conflicts list" });
  const first = (await within(list).findAllByRole("button"))[0];
  await act(async () => {
    fireEvent.click(first);
  });
}

describe("ConflictsView", () => {
  it("lists each conflict with its title and path, and focuses the first", async () => {
    render(<ConflictsView onClose={vi.fn()} />);
    const list = await screen.findByRole("list", { name: "Conflicts list" });
    const rows = await within(list).findAllByRole("button");
    expect(rows.map((r) => r.textContent?.startsWith("Groceries") || r.textContent?.startsWith("Plans"))).toEqual([true, true]);
    expect(rows[0].textContent).toContain("lists/Groceries.md");
    await waitFor(() => expect(document.activeElement).toBe(rows[0]));
  });

  it("shows the note's lines beside the file's, changed lines marked", async () => {
    render(<ConflictsView onClose={vi.fn()} />);
    await openFirst();
    expect(api.vaultConflict).toHaveBeenCalledWith("c1");
    const table = screen.getByRole("table");
    expect(table.getAttribute("aria-label")).toBe("Note (in the app, version 7) beside File (lists/Groceries (conflict 2026-12-07 0130).md)");
    const rows = within(table).getAllByRole("row").slice(1);
    const text = rows.map((r) => within(r).getAllByRole("cell").map((c) => c.textContent));
    expect(text).toEqual([
      ["1# Groceries", "1# Groceries"],
      ["2milk", "2oat milk"],
      ["3eggs", "3eggs"],
      ["4bread", "4bread"],
      ["", "5jam"],
    ]);
    expect(rows[1].querySelectorAll(".diff-del, .diff-add")).toHaveLength(2);
    expect(rows[0].querySelectorAll(".diff-del, .diff-add")).toHaveLength(0);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Groceries" })));
  });

  for (const [button, keep] of [
    ["Keep note", "note"],
    ["Keep file", "file"],
    ["Keep both", "both"],
  ] as const) {
    it(`${button} resolves the conflict and reads the list again`, async () => {
      render(<ConflictsView onClose={vi.fn()} />);
      await openFirst();
      vi.mocked(api.vaultConflicts).mockResolvedValue([b]);
      await act(async () => {
        fireEvent.click(screen.getByRole("button", { name: button }));
      });
      expect(api.resolveVaultConflict).toHaveBeenCalledWith("c1", keep);
      const list = await screen.findByRole("list", { name: "Conflicts list" });
      await waitFor(() => expect(api.vaultConflicts).toHaveBeenCalledTimes(2));
      await waitFor(() => expect(within(list).getAllByRole("button").map((r) => r.getAttribute("data-id"))).toEqual(["c2"]));
      expect(screen.getByRole("status").textContent).toContain("Groceries: Kept");
    });
  }

  it("names the other device and offers Keep other for a device sync conflict", async () => {
    vi.mocked(api.vaultConflict).mockResolvedValue({ ...detail, source: "device:laptop" });
    render(<ConflictsView onClose={vi.fn()} />);
    await openFirst();
    expect(screen.getByRole("table").getAttribute("aria-label")).toBe(
      "Note (in the app, version 7) beside Device laptop (lists/Groceries (conflict 2026-12-07 0130).md)",
    );
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Keep other" }));
    });
    expect(api.resolveVaultConflict).toHaveBeenCalledWith("c1", "file");
  });

  it("says so when none are left", async () => {
    vi.mocked(api.vaultConflicts).mockResolvedValue([]);
    render(<ConflictsView onClose={vi.fn()} />);
    expect(await screen.findByText("No conflicts: every note matches its file.")).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Close"));
  });

  it("keeps the conflict open and says why when resolving fails", async () => {
    vi.mocked(api.resolveVaultConflict).mockRejectedValue(new api.AppError("conflict", "The note changed meanwhile."));
    render(<ConflictsView onClose={vi.fn()} />);
    await openFirst();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Keep file" }));
    });
    expect(screen.getByRole("alert").textContent).toBe("The note changed meanwhile.");
    expect(screen.getByRole("table")).toBeTruthy();
  });

  it("goes back to the list on Escape, focusing the conflict it showed, and closes on a second Escape", async () => {
    const onClose = vi.fn();
    render(<ConflictsView onClose={onClose} />);
    await openFirst();
    await act(async () => {
      fireEvent.keyDown(window, { key: "Escape" });
    });
    expect(onClose).not.toHaveBeenCalled();
    const list = await screen.findByRole("list", { name: "Conflicts list" });
    await waitFor(() => expect(document.activeElement).toBe(within(list).getAllByRole("button")[0]));
    fireEvent.keyDown(window, { key: "Escape" });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("reads the list again when the conflict count changes", async () => {
    const { rerender } = render(<ConflictsView onClose={vi.fn()} count={2} />);
    await screen.findByRole("list", { name: "Conflicts list" });
    expect(api.vaultConflicts).toHaveBeenCalledTimes(1);
    vi.mocked(api.vaultConflicts).mockResolvedValue([a, b, { ...b, id: "c3", title: "New" }]);
    await act(async () => {
      rerender(<ConflictsView onClose={vi.fn()} count={3} />);
    });
    expect(api.vaultConflicts).toHaveBeenCalledTimes(2);
    expect(await screen.findByText("New")).toBeTruthy();
  });
});
