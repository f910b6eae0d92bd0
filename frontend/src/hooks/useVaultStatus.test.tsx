import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  vaultStatus: vi.fn(),
  onEvent: vi.fn(),
}));

import * as api from "../api";
import { useVaultStatus } from "./useVaultStatus";

type Listener = (payload: unknown) => void;
let listeners: Record<string, Listener[]>;
const emit = (name: string, payload: unknown) => act(() => listeners[name]?.forEach((l) => l(payload)));

const attached = (over: Partial<api.VaultStatus> = {}): api.VaultStatus => ({ ...api.DETACHED, path: "/v", attached: true, watching: true, ...over });

beforeEach(() => {
  vi.resetAllMocks();
  listeners = {};
  vi.mocked(api.onEvent).mockImplementation((name, cb) => {
    (listeners[name] ??= []).push(cb as Listener);
    return () => {
      listeners[name] = listeners[name].filter((l) => l !== cb);
    };
  });
});

describe("useVaultStatus", () => {
  it("reads the status, then follows vault:status", async () => {
    vi.mocked(api.vaultStatus).mockResolvedValue(attached());
    const { result } = renderHook(() => useVaultStatus());
    await waitFor(() => expect(result.current.status).toEqual(attached()));
    emit("vault:status", attached({ conflicts: 2 }));
    expect(result.current.status?.conflicts).toBe(2);
  });

  it("keeps an event newer than a slow first answer", async () => {
    let answer: (s: api.VaultStatus) => void = () => {};
    vi.mocked(api.vaultStatus).mockReturnValue(new Promise((r) => (answer = r)));
    const { result } = renderHook(() => useVaultStatus());
    emit("vault:status", attached({ lag_events: 1 }));
    await act(async () => answer(api.DETACHED));
    expect(result.current.status).toEqual(attached({ lag_events: 1 }));
  });

  it("stays null while the backend cannot answer, and reads again once it is ready", async () => {
    vi.mocked(api.vaultStatus).mockRejectedValueOnce(new api.AppError("unavailable", "starting")).mockResolvedValue(attached());
    const { result } = renderHook(() => useVaultStatus());
    await waitFor(() => expect(result.current.error?.code).toBe("unavailable"));
    expect(result.current.status).toBeNull();
    emit("backend:ready", { ok: true });
    await waitFor(() => expect(result.current.status).toEqual(attached()));
    expect(result.current.error).toBeNull();
  });

  it("takes an action's answer, and stops listening when unmounted", async () => {
    vi.mocked(api.vaultStatus).mockResolvedValue(api.DETACHED);
    const { result, unmount } = renderHook(() => useVaultStatus());
    await waitFor(() => expect(result.current.status).toEqual(api.DETACHED));
    act(() => result.current.set(attached()));
    expect(result.current.status).toEqual(attached());
    unmount();
    expect(listeners["vault:status"]).toEqual([]);
  });
});
