import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../wailsjs/go/app/VaultAPI", () => ({
  Status: vi.fn(),
  ChooseAndAttach: vi.fn(),
  Attach: vi.fn(),
  Detach: vi.fn(),
  SyncNow: vi.fn(),
  Conflicts: vi.fn(),
  Conflict: vi.fn(),
  ResolveConflict: vi.fn(),
  ConfirmDeletions: vi.fn(),
}));
vi.mock("../../wailsjs/runtime/runtime", () => ({ EventsOn: vi.fn() }));

import * as Vault from "../../wailsjs/go/app/VaultAPI";
import { EventsOn } from "../../wailsjs/runtime/runtime";
import * as api from "./index";

const full = {
  path: "/home/ann/Notes",
  attached: true,
  watching: true,
  polling: false,
  lag_events: 2,
  pending_external: 1,
  conflicts: 3,
  pending_deletions: 0,
  last_error: "",
  issues: [{ path: "bad.md", message: "not UTF-8" }],
};

beforeEach(() => vi.resetAllMocks());

describe("toVaultStatus", () => {
  it("keeps every field the backend sends", () => {
    expect(api.toVaultStatus(full)).toEqual(full);
  });
  it("fills what is missing or of the wrong type", () => {
    expect(api.toVaultStatus({ attached: "yes", lag_events: "7", issues: [null, { path: 3 }] })).toEqual({
      ...api.DETACHED,
      issues: [
        { path: "", message: "" },
        { path: "", message: "" },
      ],
    });
    expect(api.toVaultStatus(null)).toEqual(api.DETACHED);
  });
});

describe("vault wrappers", () => {
  it("call the bindings with their arguments", async () => {
    vi.mocked(Vault.Attach).mockResolvedValue(full as never);
    expect(await api.attachVault("/home/ann/Notes")).toEqual(full);
    expect(Vault.Attach).toHaveBeenCalledWith("/home/ann/Notes");

    vi.mocked(Vault.ConfirmDeletions).mockResolvedValue({ ...full, issues: null } as never);
    expect((await api.confirmVaultDeletions(false)).issues).toEqual([]);
    expect(Vault.ConfirmDeletions).toHaveBeenCalledWith(false);

    vi.mocked(Vault.ResolveConflict).mockResolvedValue(undefined as never);
    await api.resolveVaultConflict("c1", "both");
    expect(Vault.ResolveConflict).toHaveBeenCalledWith("c1", "both");

    vi.mocked(Vault.Conflicts).mockResolvedValue(null as never);
    expect(await api.vaultConflicts()).toEqual([]);

    vi.mocked(Vault.Conflict).mockResolvedValue({
      id: "c1",
      note_id: "n1",
      title: "T",
      path: "T.md",
      conflict_path: "T (conflict 2026-12-07 0130).md",
      created: "2026-12-07T01:30:00Z",
      note_text: "a\n",
      file_text: "b\n",
      note_version: 4,
    } as never);
    const d = await api.vaultConflict("c1");
    expect(Vault.Conflict).toHaveBeenCalledWith("c1");
    expect(d.note_version).toBe(4);
    expect(d.file_text).toBe("b\n");
  });

  it("turn a rejection into an AppError", async () => {
    vi.mocked(Vault.Attach).mockRejectedValue('{"code":"invalid","message":"That folder is the data folder."}');
    const err = await api.attachVault("/data").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(api.AppError);
    expect((err as api.AppError).code).toBe("invalid");
    expect((err as api.AppError).message).toBe("That folder is the data folder.");
  });
});

describe("vault:status event", () => {
  it("arrives as a VaultStatus", () => {
    let handler: ((d: unknown) => void) | undefined;
    vi.mocked(EventsOn).mockImplementation((_name: string, cb: (d: unknown) => void) => {
      handler = cb;
      return () => {};
    });
    const got: api.VaultStatus[] = [];
    api.onEvent("vault:status", (s) => got.push(s));
    expect(EventsOn).toHaveBeenCalledWith("vault:status", expect.any(Function));
    handler?.({ path: "/v", attached: true, conflicts: 1 });
    expect(got).toEqual([{ ...api.DETACHED, path: "/v", attached: true, conflicts: 1 }]);
  });
});
