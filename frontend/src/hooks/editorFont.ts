// Package hooks: the editor's font family and size, chosen in Settings and
// remembered on this device. style.css applies them to the editor through
// the root's --editor-font and --editor-size, only once one is chosen.
import { useLayoutEffect } from "react";

/** EditorFont is the editor's font: family "" and size 0 keep the defaults. */
export interface EditorFont {
  family: string;
  size: number;
}

/** EDITOR_FONT_KEY is where the choice is kept (localStorage). */
export const EDITOR_FONT_KEY = "secondbrain.editorFont";

/** Font sizes the settings accept, in CSS pixels. */
export const MIN_FONT_SIZE = 10;
export const MAX_FONT_SIZE = 32;

/** FONT_FAMILIES are offered in the settings; any installed family can be typed. */
export const FONT_FAMILIES = [
  { label: "Monospace (default)", value: "" },
  { label: "System sans-serif", value: "system-ui, sans-serif" },
  { label: "Serif", value: "Georgia, 'Times New Roman', serif" },
  { label: "JetBrains Mono", value: "'JetBrains Mono', monospace" },
];

/** cleanFont bounds the size and trims the family (dropping characters that could end the CSS value). */
export function cleanFont(f: Partial<EditorFont>): EditorFont {
  const family = (f.family ?? "").replace(/[;{}<>]/g, "").trim();
  const n = Math.round(Number(f.size) || 0);
  const size = n === 0 ? 0 : Math.max(MIN_FONT_SIZE, Math.min(MAX_FONT_SIZE, n));
  return { family, size };
}

/** loadEditorFont reads the remembered font (the defaults when none). */
export function loadEditorFont(): EditorFont {
  try {
    return cleanFont(JSON.parse(localStorage.getItem(EDITOR_FONT_KEY) ?? "{}") as Partial<EditorFont>);
  } catch {
    return { family: "", size: 0 };
  }
}

/** applyEditorFont sets (or clears) the root's editor font variables. */
export function applyEditorFont(f: EditorFont): void {
  const root = document.documentElement;
  if (f.family) {
    root.style.setProperty("--editor-font", f.family);
    root.dataset.editorFont = "";
  } else {
    root.style.removeProperty("--editor-font");
    delete root.dataset.editorFont;
  }
  if (f.size) {
    root.style.setProperty("--editor-size", `${f.size}px`);
    root.dataset.editorSize = "";
  } else {
    root.style.removeProperty("--editor-size");
    delete root.dataset.editorSize;
  }
}

/** saveEditorFont remembers and applies a font. */
export function saveEditorFont(f: Partial<EditorFont>): EditorFont {
  const clean = cleanFont(f);
  try {
    localStorage.setItem(EDITOR_FONT_KEY, JSON.stringify(clean));
  } catch {
    // Private mode: the font lasts for this window only.
  }
  applyEditorFont(clean);
  return clean;
}

/** useEditorFont applies the remembered editor font once, as the window opens. */
export function useEditorFont(): void {
  useLayoutEffect(() => applyEditorFont(loadEditorFont()), []);
}
