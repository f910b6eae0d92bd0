import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { NoteOrder, NotePage } from "../api";
import { PAGE_SIZE, useNotePages } from "./useNotePages";

function lister(total: number) {
  return vi.fn(async (order: NoteOrder, offset: number, limit: number, trashed: boolean): Promise<NotePage> => {
    const n = Math.max(0, Math.min(limit, total - offset));
    return {
      total,
      notes: Array.from({ length: n }, (_, i) => ({
        id: `${order}-${trashed}-${offset + i}`,
        title: `Note ${offset + i}`,
        path: "",
        version: 1,
        created_at: "",
        updated_at: "",
        trashed_at: null,
      })),
    };
  });
}

describe("useNotePages", () => {
  it("loads the first page, then only the pages asked for", async () => {
    const list = lister(10_000);
    const { result } = renderHook(() => useNotePages("updated", false, list));
    await waitFor(() => expect(result.current.total).toBe(10_000));
    expect(list).toHaveBeenCalledTimes(1);
    expect(list).toHaveBeenCalledWith("updated", 0, PAGE_SIZE, false);
    expect(result.current.rowAt(5)?.title).toBe("Note 5");
    expect(result.current.rowAt(5000)).toBeUndefined();

    act(() => result.current.showRange(4990, 5030));
    await waitFor(() => expect(result.current.rowAt(5000)?.title).toBe("Note 5000"));
    expect(list.mock.calls.map((c) => c[1])).toEqual([0, 4800, 5000]);
  });

  it("starts over when the order changes", async () => {
    const list = lister(50);
    const { result, rerender } = renderHook(({ order }) => useNotePages(order, false, list), {
      initialProps: { order: "updated" as NoteOrder },
    });
    await waitFor(() => expect(result.current.rowAt(0)?.id).toBe("updated-false-0"));
    rerender({ order: "title" });
    await waitFor(() => expect(result.current.rowAt(0)?.id).toBe("title-false-0"));
  });

  it("reports a failed page as an AppError", async () => {
    const list = vi.fn().mockRejectedValue('{"code":"unavailable","message":"starting"}');
    const { result } = renderHook(() => useNotePages("updated", false, list));
    await waitFor(() => expect(result.current.error?.code).toBe("unavailable"));
  });
});
