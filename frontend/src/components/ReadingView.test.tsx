import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { EmbedSource } from "../render/embeds";
import { ReadingView } from "./ReadingView";

const none: EmbedSource = async () => null;

describe("ReadingView", () => {
  it("a click on a task ticks it in the Markdown, a second click clears it", async () => {
    const body = "---\nx: 1\n---\n- [ ] one\n- [x] two\n\n```\n- [ ] code\n```";
    const onEdit = vi.fn();
    const { rerender } = render(<ReadingView body={body} onOpenTitle={() => {}} onEdit={onEdit} embeds={none} />);
    const boxes = screen.getAllByRole("checkbox");
    expect(boxes.map((b) => b.getAttribute("aria-checked"))).toEqual(["false", "true"]);
    fireEvent.click(boxes[0]);
    await waitFor(() => expect(onEdit).toHaveBeenCalledTimes(1));
    const ticked = body.replace("- [ ] one", "- [x] one");
    expect(onEdit).toHaveBeenLastCalledWith(ticked);
    rerender(<ReadingView body={ticked} onOpenTitle={() => {}} onEdit={onEdit} embeds={none} />);
    fireEvent.keyDown(screen.getAllByRole("checkbox")[1], { key: " " });
    await waitFor(() => expect(onEdit).toHaveBeenCalledTimes(2));
    expect(onEdit).toHaveBeenLastCalledWith(ticked.replace("- [x] two", "- [ ] two"));
  });

  it("a second click before the first edit comes back builds on it", async () => {
    const body = "- [ ] a\n- [ ] b";
    const onEdit = vi.fn();
    render(<ReadingView body={body} onOpenTitle={() => {}} onEdit={onEdit} embeds={none} />);
    fireEvent.click(screen.getAllByRole("checkbox")[0]);
    await waitFor(() => expect(onEdit).toHaveBeenCalledTimes(1));
    fireEvent.click(screen.getAllByRole("checkbox")[1]);
    await waitFor(() => expect(onEdit).toHaveBeenCalledTimes(2));
    expect(onEdit).toHaveBeenLastCalledWith("- [x] a\n- [x] b");
  });

  it("fills embeds, whose title opens the note", async () => {
    const onOpenTitle = vi.fn();
    const src: EmbedSource = async (t) => (t === "Other" ? { title: "Other", body: "# Part\nembedded **text**\n- [ ] theirs" } : null);
    render(<ReadingView body={"Mine\n\n![[Other#Part]]"} title="Mine" onOpenTitle={onOpenTitle} onEdit={() => {}} embeds={src} />);
    const strong = await screen.findByText("text");
    expect(strong.closest(".embed-body")).not.toBeNull();
    expect(screen.queryAllByRole("checkbox")).toEqual([]); // the embedded note's task is not this note's
    fireEvent.click(screen.getByText("Other › Part"));
    expect(onOpenTitle).toHaveBeenCalledWith("Other", expect.anything());
  });
});
