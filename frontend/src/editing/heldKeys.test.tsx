import { act, render } from "@testing-library/react";
import { EditorView } from "@codemirror/view";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CodeMirrorEditor as Editor } from "./CodeMirrorEditor";
import * as focusIntent from "./focusIntent";
import { REPORT_MS } from "../components/Editor";

// jsdom has no layout; CodeMirror measures text ranges.
Range.prototype.getClientRects ??= () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

function viewOf(container: HTMLElement): EditorView {
  const v = EditorView.findFromDOM(container.querySelector(".cm-editor") as HTMLElement);
  if (!v) throw new Error("no editor view");
  return v;
}

// typeAtCaret types text where the caret is, as a key press does.
function typeAtCaret(v: EditorView, text: string) {
  act(() => v.dispatch(v.state.replaceSelection(text), { userEvent: "input.type" }));
}

// holdKeys is the quick switcher's Enter followed by keys typed before the note shows.
function holdKeys(id: string, text: string) {
  focusIntent.expect({ id });
  (document.activeElement as HTMLTextAreaElement).value += text;
}

// Pane stands for the note pane: what the editor reports comes back as its
// value (the autosave session), at once or on a later render.
function Pane({ body, echo }: { body: string; echo: (set: (v: string) => void, v: string) => void }) {
  const [value, setValue] = useState(body);
  return <Editor docKey="a" value={value} onChange={(v) => echo(setValue, v)} />;
}

describe("keys typed while a note opens", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    focusIntent.release();
    vi.useRealTimers();
  });

  it("keeps their order and the caret when the editor shows after them and its report comes back", () => {
    holdKeys("a", "typed rig");
    const { container } = render(<Pane body={"first line\n"} echo={(set, v) => set(v)} />);
    const v = viewOf(container);
    expect(v.state.doc.toString()).toBe("typed rigfirst line\n");
    expect(v.state.selection.main.head).toBe("typed rig".length);
    typeAtCaret(v, "ht after Enter");
    act(() => vi.advanceTimersByTime(REPORT_MS * 2));
    expect(v.state.doc.toString()).toBe("typed right after Enterfirst line\n");
  });

  it("does not take an older report coming back late for text from outside", () => {
    let late: (() => void) | null = null;
    holdKeys("a", "typed ");
    const { container } = render(
      <Pane
        body={"first line\n"}
        echo={(set, v) => {
          // The first report's render lands after more was typed and reported.
          if (!late) late = () => set(v);
        }}
      />,
    );
    const v = viewOf(container);
    typeAtCaret(v, "right");
    act(() => vi.advanceTimersByTime(REPORT_MS * 2));
    act(() => late?.());
    typeAtCaret(v, " after Enter");
    expect(v.state.doc.toString()).toBe("typed right after Enterfirst line\n");
    expect(v.state.selection.main.head).toBe("typed right after Enter".length);
  });
});

describe("text from outside", () => {
  afterEach(() => focusIntent.release());

  it("replaces only what differs, so a caret before the change stays put", () => {
    const { container, rerender } = render(<Editor docKey="a" value={"one\ntwo\n"} onChange={() => {}} />);
    const v = viewOf(container);
    act(() => v.dispatch({ selection: { anchor: 2 } }));
    rerender(<Editor docKey="a" value={"one\ntwo\nthree (theirs)\n"} onChange={() => {}} />);
    expect(v.state.doc.toString()).toBe("one\ntwo\nthree (theirs)\n");
    expect(v.state.selection.main.head).toBe(2);
  });
});
