import { act, render, waitFor } from "@testing-library/react";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TitleMatch } from "../api";
import { CodeMirrorEditor as Editor } from "./CodeMirrorEditor";
import * as focusIntent from "./focusIntent";
import { followAtCaret } from "./caretLink";
import type { LinkNav } from "./linkNav";
import { LinkResolver } from "./linkResolver";

// jsdom has no layout; CodeMirror measures text ranges.
Range.prototype.getClientRects ??= () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

function viewOf(container: HTMLElement): EditorView {
  const v = EditorView.findFromDOM(container.querySelector(".cm-editor") as HTMLElement);
  if (!v) throw new Error("no editor view");
  return v;
}

describe("editor links", () => {
  afterEach(() => focusIntent.release());

  it("follows the link under the caret with Alt+Enter and from the palette", () => {
    const follow = vi.fn();
    const nav: LinkNav = { follow };
    const body = "go to [[Target#Part|there]] and #tag/sub";
    const { container } = render(<Editor docKey="a" value={body} onChange={() => {}} nav={nav} />);
    const v = viewOf(container);
    act(() => {
      v.dispatch({ selection: { anchor: body.indexOf("Target") } });
      v.focus();
      v.contentDOM.dispatchEvent(new FocusEvent("focus"));
    });
    act(() => void v.contentDOM.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", altKey: true, bubbles: true, cancelable: true })));
    expect(follow).toHaveBeenLastCalledWith(expect.objectContaining({ kind: "note", target: "Target", heading: "Part" }), "here");
    act(() => v.dispatch({ selection: { anchor: body.indexOf("#tag") + 2 } }));
    expect(followAtCaret("tab")).toBe(true);
    expect(follow).toHaveBeenLastCalledWith(expect.objectContaining({ kind: "tag", tag: "tag/sub" }), "tab");
    act(() => v.dispatch({ selection: { anchor: 1 } }));
    expect(followAtCaret()).toBe(false);
  });

  it("marks links whose target names no note", async () => {
    const lookup = vi.fn(async (t: string): Promise<TitleMatch[]> => (t === "Here" ? [{ id: "h", title: "Here", path: "Here.md", alias: "" }] : []));
    const nav: LinkNav = { follow: vi.fn(), resolver: new LinkResolver(lookup) };
    const { container } = render(<Editor docKey="a" value={"[[Here]] and [[Nowhere]]"} onChange={() => {}} nav={nav} />);
    // Highlighting splits a mark into several elements: compare their text together.
    // Live preview hides the brackets off the caret's line: compare the names.
    const text = (sel: string) => [...container.querySelectorAll(sel)].map((e) => e.textContent).join("").replace(/[[\]]/g, "");
    await waitFor(() => expect(text(".cm-unresolved")).toBe("Nowhere"));
    expect(text(".cm-note-link")).toBe("HereNowhere");
    // A link typed now is marked as it is written; fixing its target unmarks it.
    const v = viewOf(container);
    // (The caret on the line typed: live preview shows the markup there.)
    act(() => v.dispatch({ changes: { from: v.state.doc.length, insert: "\n[[Her" }, selection: { anchor: v.state.doc.length + 6 }, userEvent: "input.type" }));
    act(() => v.dispatch({ changes: { from: v.state.doc.length, insert: "]]" }, userEvent: "input.type" }));
    await waitFor(() => expect(text(".cm-unresolved")).toBe("NowhereHer"));
    act(() => v.dispatch({ changes: { from: v.state.doc.length - 2, insert: "e" }, userEvent: "input.type" }));
    await waitFor(() => expect(text(".cm-unresolved")).toBe("Nowhere"));
    expect(text(".cm-note-link")).toBe("HereNowhereHere");
  });

  it("takes the keystrokes held while its note opened: the focus, the caret and the text", () => {
    const seen: string[] = [];
    const { container, rerender } = render(<Editor docKey="a" value="old note" onChange={(t) => seen.push(t)} />);
    focusIntent.hold();
    (document.activeElement as HTMLTextAreaElement).value = " typed ";
    focusIntent.expect({ id: "b", heading: "Two" });
    // The editor still shows note a: nothing is claimed yet.
    expect(viewOf(container).state.doc.toString()).toBe("old note");
    (document.activeElement as HTMLTextAreaElement).value += "fast";
    rerender(<Editor docKey="b" value={"# One\n\n# Two\nend"} onChange={(t) => seen.push(t)} />);
    const v = viewOf(container);
    expect(v.state.doc.toString()).toBe("# One\n\n# Two typed fast\nend");
    expect(v.hasFocus).toBe(true);
    expect(seen.at(-1)).toBe("# One\n\n# Two typed fast\nend");
    expect(focusIntent.pending()).toBeNull();
  });

  it("keeps each note's undo history and caret when switching back to it", () => {
    const { container, rerender } = render(<Editor docKey="a" value="alpha" onChange={() => {}} />);
    act(() => viewOf(container).dispatch({ changes: { from: 5, insert: "!" }, selection: { anchor: 2 }, userEvent: "input.type" }));
    rerender(<Editor docKey="a" value="alpha!" onChange={() => {}} />);
    rerender(<Editor docKey="b" value="beta" onChange={() => {}} />);
    expect(viewOf(container).state.doc.toString()).toBe("beta");
    rerender(<Editor docKey="a" value="alpha!" onChange={() => {}} />);
    const v = viewOf(container);
    expect(v.state.selection.main.head).toBe(2);
    // Changed elsewhere meanwhile: a fresh state with the new text.
    rerender(<Editor docKey="b" value="beta" onChange={() => {}} />);
    rerender(<Editor docKey="a" value="alpha changed" onChange={() => {}} />);
    expect(viewOf(container).state.doc.toString()).toBe("alpha changed");
  });
});
