import { act, fireEvent, render, screen } from "@testing-library/react";
import { useSyncExternalStore } from "react";
import { describe, expect, it, vi } from "vitest";
import { AutosaveSession } from "../editing/AutosaveSession";
import { FakeNotes } from "../test/FakeNotes";
import { ConflictBanner } from "./ConflictBanner";

// Pane is the part of NotePane that decides on the banner, without CodeMirror.
function Pane({ session }: { session: AutosaveSession }) {
  const state = useSyncExternalStore(session.subscribe, session.snapshot);
  return (
    <div>
      {state.status === "conflict" && (
        <ConflictBanner onLoadTheirs={() => session.loadTheirs()} onKeepMine={() => session.keepMine()} />
      )}
      <textarea aria-label="body" value={state.body} onChange={(e) => session.edit(e.target.value)} />
    </div>
  );
}

async function conflicted() {
  const store = new FakeNotes();
  const session = new AutosaveSession(store.add("a", "base"), store);
  render(<Pane session={session} />);
  store.changeElsewhere("a", "theirs");
  fireEvent.change(screen.getByLabelText("body"), { target: { value: "mine" } });
  await act(() => session.flush());
  return { store, session };
}

describe("ConflictBanner", () => {
  it("appears when a save conflicts, without overwriting", async () => {
    const { store } = await conflicted();
    expect(screen.getByRole("alert").textContent).toContain("This note was changed elsewhere");
    expect(store.notes.get("a")?.body).toBe("theirs");
    expect(screen.getByLabelText<HTMLTextAreaElement>("body").value).toBe("mine");
  });

  it("Load theirs discards my text", async () => {
    const { store } = await conflicted();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Load theirs" }));
    });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByLabelText<HTMLTextAreaElement>("body").value).toBe("theirs");
    expect(store.notes.get("a")).toMatchObject({ body: "theirs", version: 2 });
  });

  it("Keep mine re-saves my text on top of the latest version", async () => {
    const { store, session } = await conflicted();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Keep mine" }));
    });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(store.notes.get("a")).toMatchObject({ body: "mine", version: 3 });
    expect(store.saves.at(-1)).toEqual({ id: "a", expectedVersion: 2, body: "mine" });
    expect(session.snapshot().status).toBe("saved");
  });

  it("disables its buttons while an action runs", async () => {
    let finish!: () => void;
    const slow = vi.fn(() => new Promise<void>((r) => (finish = r)));
    render(<ConflictBanner onLoadTheirs={slow} onKeepMine={slow} />);
    fireEvent.click(screen.getByRole("button", { name: "Keep mine" }));
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Load theirs" }).disabled).toBe(true);
    await act(async () => finish());
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Load theirs" }).disabled).toBe(false);
  });
});
