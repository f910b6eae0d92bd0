import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AppError, type Note } from "../api";
import { NewNoteForm } from "./NewNoteForm";

describe("NewNoteForm", () => {
  it("creates a note with the typed title", async () => {
    const note = { id: "n1", title: "Ideas" } as Note;
    const create = vi.fn().mockResolvedValue(note);
    const onCreated = vi.fn();
    render(<NewNoteForm create={create} onCreated={onCreated} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText("New note title"), { target: { value: "  Ideas " } });
    await act(async () => {
      fireEvent.submit(screen.getByLabelText("New note title"));
    });
    expect(create).toHaveBeenCalledWith("Ideas");
    expect(onCreated).toHaveBeenCalledWith(note);
  });

  it.each([
    ["invalid", "The title is empty."],
    ["conflict", "A note with this title already exists."],
  ] as const)("shows the %s message inline", async (code, message) => {
    const create = vi.fn().mockRejectedValue(JSON.stringify({ code, message }));
    render(<NewNoteForm create={create} onCreated={() => {}} onCancel={() => {}} />);
    await act(async () => {
      fireEvent.submit(screen.getByLabelText("New note title"));
    });
    expect(screen.getByRole("alert").textContent).toBe(message);
  });

  it("does not show internal messages", async () => {
    const create = vi.fn().mockRejectedValue(new AppError("internal", "pq: relation notes does not exist"));
    render(<NewNoteForm create={create} onCreated={() => {}} onCancel={() => {}} />);
    await act(async () => {
      fireEvent.submit(screen.getByLabelText("New note title"));
    });
    expect(screen.getByRole("alert").textContent).toBe("Could not create the note.");
  });

  it("cancels on Escape", () => {
    const onCancel = vi.fn();
    render(<NewNoteForm create={vi.fn()} onCreated={() => {}} onCancel={onCancel} />);
    fireEvent.keyDown(screen.getByLabelText("New note title"), { key: "Escape" });
    expect(onCancel).toHaveBeenCalled();
  });
});
