import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "../api";
import { TitleField } from "./TitleField";

describe("TitleField", () => {
  it("renames once on Enter followed by blur", async () => {
    const onRename = vi.fn().mockResolvedValue(undefined);
    render(<TitleField noteId="a" title="Old" onRename={onRename} />);
    const input = screen.getByLabelText("Title");
    fireEvent.change(input, { target: { value: "New " } });
    await act(async () => {
      fireEvent.keyDown(input, { key: "Enter" });
      fireEvent.blur(input);
    });
    expect(onRename).toHaveBeenCalledTimes(1);
    expect(onRename).toHaveBeenCalledWith("New");
  });

  it("shows a conflict inline", async () => {
    const onRename = vi.fn().mockRejectedValue(new AppError("conflict", "A note with this title already exists."));
    render(<TitleField noteId="a" title="Old" onRename={onRename} />);
    const input = screen.getByLabelText("Title");
    fireEvent.change(input, { target: { value: "Taken" } });
    await act(async () => {
      fireEvent.blur(input);
    });
    expect(screen.getByRole("alert").textContent).toBe("A note with this title already exists.");
  });

  it("does nothing when the title is unchanged and reverts on Escape", () => {
    const onRename = vi.fn();
    render(<TitleField noteId="a" title="Old" onRename={onRename} />);
    const input = screen.getByLabelText<HTMLInputElement>("Title");
    fireEvent.blur(input);
    fireEvent.change(input, { target: { value: "Oops" } });
    fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("Old");
    expect(onRename).not.toHaveBeenCalled();
  });
});
