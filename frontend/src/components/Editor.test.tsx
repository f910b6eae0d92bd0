import { act, render, waitFor } from "@testing-library/react";
import { EditorView } from "@codemirror/view";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CodeMirrorEditor as Editor } from "../editing/CodeMirrorEditor";
import { Editor as LazyEditor, REPORT_MS } from "./Editor";

function typeAt(container: HTMLElement, text: string) {
  const view = EditorView.findFromDOM(container.querySelector(".cm-editor") as HTMLElement);
  if (!view) throw new Error("no editor view");
  act(() => view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: "input.type" }));
  return view;
}

// jsdom has no layout; CodeMirror measures text ranges.
const noRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getClientRects ??= noRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

describe("Editor", () => {
  it("loads CodeMirror and shows the text", async () => {
    const { container } = render(<LazyEditor docKey="a" value="# Hello" onChange={() => {}} />);
    expect(container.querySelector(".editor[aria-busy]")).not.toBeNull();
    await waitFor(() => expect(container.querySelector(".cm-content")?.textContent).toBe("# Hello"), { timeout: 15_000 });
  }, 20_000);
});

describe("CodeMirrorEditor", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reports the first edit at once and the rest at most every REPORT_MS", () => {
    const seen: string[] = [];
    const { container } = render(<Editor docKey="a" value="hi" onChange={(v) => seen.push(v)} />);
    typeAt(container, "!");
    expect(seen).toEqual(["hi!"]);
    typeAt(container, "!");
    typeAt(container, "?");
    expect(seen).toEqual(["hi!"]);
    act(() => vi.advanceTimersByTime(REPORT_MS));
    expect(seen).toEqual(["hi!", "hi!!?"]);
    act(() => vi.advanceTimersByTime(REPORT_MS * 3));
    expect(seen).toEqual(["hi!", "hi!!?"]);
  });

  it("reports pending text on blur, before onBlur", () => {
    const seen: string[] = [];
    const { container } = render(<Editor docKey="a" value="" onChange={(v) => seen.push(v)} onBlur={() => seen.push("blur")} />);
    typeAt(container, "a");
    const view = typeAt(container, "b");
    act(() => {
      view.contentDOM.dispatchEvent(new FocusEvent("blur"));
    });
    expect(seen).toEqual(["a", "ab", "blur"]);
  });

  it("reports pending text on a key with Ctrl or Cmd (a shortcut may save or switch notes)", () => {
    const seen: string[] = [];
    const { container } = render(<Editor docKey="a" value="" onChange={(v) => seen.push(v)} />);
    typeAt(container, "a");
    const view = typeAt(container, "b");
    act(() => {
      view.contentDOM.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true }));
    });
    expect(seen).toEqual(["a", "ab"]);
  });

  it("reports pending text to the note being left, not the next one", () => {
    const a: string[] = [];
    const b: string[] = [];
    const { container, rerender } = render(<Editor docKey="a" value="A" onChange={(v) => a.push(v)} />);
    typeAt(container, "1");
    typeAt(container, "2");
    rerender(<Editor docKey="b" value="B" onChange={(v) => b.push(v)} />);
    expect(a).toEqual(["A1", "A12"]);
    typeAt(container, "x");
    expect(b).toEqual(["Bx"]);
  });

  it("drops pending text when a new value arrives from outside", () => {
    const seen: string[] = [];
    const onChange = (v: string) => seen.push(v);
    const { container, rerender } = render(<Editor docKey="a" value="mine" onChange={onChange} />);
    typeAt(container, "1");
    const view = typeAt(container, "2");
    rerender(<Editor docKey="a" value="theirs" onChange={onChange} />);
    act(() => vi.advanceTimersByTime(REPORT_MS * 2));
    expect(view.state.doc.toString()).toBe("theirs");
    expect(seen).toEqual(["mine1"]);
  });

  it("reports pending text when it unmounts", () => {
    const seen: string[] = [];
    const { container, unmount } = render(<Editor docKey="a" value="" onChange={(v) => seen.push(v)} />);
    typeAt(container, "a");
    typeAt(container, "b");
    unmount();
    expect(seen).toEqual(["a", "ab"]);
  });
});
