// Task list items ("- [ ] to do", "- [x] done") found and toggled in a
// note's Markdown, for the reading view's clickable checkboxes and the
// editor's live preview. The editor's own parser finds them, so a "[ ]" in a
// code block or in the front matter is never taken for a task.
import { parser as baseParser, Strikethrough, TaskList } from "@lezer/markdown";
import { splitFrontMatter } from "../render/markdown";

const parser = baseParser.configure([Strikethrough, TaskList]);

/** TaskMarker is where a task's "[ ]" or "[x]" is written in the Markdown. */
export interface TaskMarker {
  from: number;
  to: number;
  checked: boolean;
}

/** isChecked reports whether a task marker ("[ ]", "[x]", "[X]") is ticked. */
export function isChecked(marker: string): boolean {
  return /^\[[xX]\]$/.test(marker);
}

/** toggledMarker is the marker with its box ticked or cleared. */
export function toggledMarker(marker: string): string {
  return isChecked(marker) ? "[ ]" : "[x]";
}

/** taskMarkers lists a note's task markers in document order, after its front matter. */
export function taskMarkers(markdown: string): TaskMarker[] {
  const start = markdown.length - splitFrontMatter(markdown).body.length;
  const out: TaskMarker[] = [];
  parser.parse(markdown).iterate({
    from: start,
    enter(n) {
      if (n.name === "FencedCode" || n.name === "CodeBlock" || n.name === "HTMLBlock" || n.from < start) return n.name === "Document";
      if (n.name !== "TaskMarker") return true;
      out.push({ from: n.from, to: n.to, checked: isChecked(markdown.slice(n.from, n.to)) });
      return false;
    },
  });
  return out;
}

/**
 * toggleTask ticks or clears the index-th task (counted as taskMarkers
 * counts them) and returns the new Markdown. It returns null when the note
 * holds another number of tasks than expected or that task is not in the
 * state the reader saw: the page shows an older text, and nothing is changed.
 */
export function toggleTask(markdown: string, index: number, expect: { count: number; checked: boolean }): string | null {
  const all = taskMarkers(markdown);
  const t = all[index];
  if (!t || all.length !== expect.count || t.checked !== expect.checked) return null;
  return markdown.slice(0, t.from) + toggledMarker(markdown.slice(t.from, t.to)) + markdown.slice(t.to);
}
