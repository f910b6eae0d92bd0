// Package focusIntent keeps what is typed while a note opens. Opening a note
// (quick switcher, list, today's note, a link…) takes a server round trip,
// and the editor that will hold the note may not even show yet: keys typed
// in that gap used to land on the page and vanish. hold() parks the focus in
// an invisible text field that keeps them; expect(id) names the note they
// are for; the editor showing that note claims them (claim): it takes the
// focus and inserts the text at its caret, as typed.

/** Intent is the note the held keystrokes are for, and where its caret goes. */
export interface Intent {
  id: string;
  /** heading puts the caret on that heading (a [[Note#Heading]] link). */
  heading?: string;
  /** line puts the caret at the end of that 1-based line (the outline). */
  line?: number;
  /** at is where the caret goes without a heading: the start (after front matter) or the end; by default where it was left, or the start. */
  at?: "start" | "end";
}

let buffer: HTMLTextAreaElement | null = null;
let intent: Intent | null = null;
// early keeps, per note, what was typed for it before a newer intent took the
// buffer (Ctrl+Tab then Ctrl+Shift+Tab faster than the first note showed):
// that text is still the first note's, delivered when its editor shows.
const early = new Map<string, string>();
const listeners = new Set<() => void>();

function ensureBuffer(): HTMLTextAreaElement {
  if (buffer && buffer.isConnected) return buffer;
  const b = document.createElement("textarea");
  b.setAttribute("aria-label", "Typing while the note opens");
  b.setAttribute("aria-hidden", "true");
  b.className = "keystroke-buffer";
  b.tabIndex = -1;
  // Out of sight but focusable (display:none or visibility:hidden would not take the focus).
  Object.assign(b.style, { position: "fixed", left: "-1000px", top: "0", width: "10px", height: "10px", opacity: "0" });
  b.addEventListener("keydown", (e) => {
    // Tab is text here, not a move to the next control.
    if (e.key === "Tab" && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      insertAtCaret(b, "\t");
    }
  });
  document.body.appendChild(b);
  buffer = b;
  return b;
}

function insertAtCaret(el: HTMLTextAreaElement, text: string) {
  const { selectionStart: s, selectionEnd: e, value } = el;
  el.value = value.slice(0, s) + text + value.slice(e);
  el.selectionStart = el.selectionEnd = s + text.length;
}

/**
 * hold starts keeping keystrokes for a note about to open (which one is not
 * known yet: a note being created, today's note). What was held before is kept.
 */
export function hold(): void {
  const b = ensureBuffer();
  if (document.activeElement !== b) b.focus({ preventScroll: true });
}

/** expect names the note the held keystrokes are for (holding them if not yet) and tells the editors. */
export function expect(next: Intent): void {
  hold();
  if (intent && intent.id !== next.id && buffer?.value) {
    early.set(intent.id, (early.get(intent.id) ?? "") + buffer.value);
    buffer.value = "";
  }
  intent = next;
  for (const fn of [...listeners]) fn();
}

/** pending is the note keystrokes are held for, or null. */
export function pending(): Intent | null {
  return intent;
}

/**
 * claim hands the held keystrokes to the editor showing note id: it returns
 * the intent and the text typed so far (the editor takes the focus and
 * inserts it), or null when nothing is held for that note. When keys were
 * held for the note but a newer intent has taken the keyboard since, intent
 * is null: the editor inserts the text where its caret is and leaves the
 * focus alone.
 */
export function claim(id: string): { intent: Intent | null; text: string } | null {
  const before = early.get(id) ?? "";
  early.delete(id);
  if (!intent || intent.id !== id) return before ? { intent: null, text: before } : null;
  const got = intent;
  intent = null;
  const text = before + (buffer?.value ?? "");
  if (buffer) buffer.value = "";
  return { intent: got, text };
}

/**
 * release gives up holding (the note could not open) and returns what was
 * typed, for the caller to put back where it came from.
 */
export function release(): string {
  intent = null;
  const text = buffer?.value ?? "";
  if (buffer) {
    buffer.value = "";
    if (document.activeElement === buffer) buffer.blur();
  }
  return text;
}

/** holding reports whether the focus is parked in the buffer. */
export function holding(): boolean {
  return buffer !== null && document.activeElement === buffer;
}

/** subscribe calls fn whenever expect names a note; it returns the unsubscribe function. */
export function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
