// Callouts ("> [!note] Title" blockquotes, as Obsidian writes them): their
// types' icons and colour families, shared by live preview and the reading view.

/** CALLOUT_ICONS are the callout types' marks (unknown types show the note's). */
export const CALLOUT_ICONS: Record<string, string> = {
  note: "✎",
  abstract: "☰",
  summary: "☰",
  tldr: "☰",
  info: "ℹ",
  todo: "☑",
  tip: "✦",
  hint: "✦",
  important: "✦",
  success: "✓",
  check: "✓",
  done: "✓",
  question: "?",
  help: "?",
  faq: "?",
  warning: "⚠",
  caution: "⚠",
  attention: "⚠",
  failure: "✗",
  fail: "✗",
  missing: "✗",
  danger: "⚡",
  error: "⚡",
  bug: "🐞",
  example: "☷",
  quote: "❝",
  cite: "❝",
};

/** calloutKind is the colour family of a callout type (types Obsidian aliases share one). */
export function calloutKind(type: string): string {
  const t = type.toLowerCase();
  const families: Record<string, string[]> = {
    abstract: ["abstract", "summary", "tldr"],
    info: ["info", "todo"],
    tip: ["tip", "hint", "important"],
    success: ["success", "check", "done"],
    question: ["question", "help", "faq"],
    warning: ["warning", "caution", "attention"],
    failure: ["failure", "fail", "missing"],
    danger: ["danger", "error"],
    bug: ["bug"],
    example: ["example"],
    quote: ["quote", "cite"],
  };
  for (const [k, names] of Object.entries(families)) if (names.includes(t)) return k;
  return "note";
}
