import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../render/markdown";
import { taskMarkers, toggleTask } from "./tasks";

const note = [
  "---",
  "todo: - [ ] not a task",
  "---",
  "- [ ] first",
  "  - [x] nested",
  "> - [ ] quoted",
  "```",
  "- [ ] in code",
  "```",
  "1. [X] ordered",
  "",
  "Text.",
  "",
  "    - [ ] indented code",
].join("\n");

describe("tasks", () => {
  it("finds the tasks the reading view shows, in the same order", () => {
    const found = taskMarkers(note).map((t) => [note.slice(t.from, t.to), t.checked]);
    expect(found).toEqual([
      ["[ ]", false],
      ["[x]", true],
      ["[ ]", false],
      ["[X]", true],
    ]);
    const d = document.createElement("div");
    d.innerHTML = renderMarkdown(note).html;
    const shown = Array.from(d.querySelectorAll<HTMLElement>(".task[data-task]")).map((e) => [e.dataset.task, e.classList.contains("done")]);
    expect(shown).toEqual([
      ["0", false],
      ["1", true],
      ["2", false],
      ["3", true],
    ]);
  });

  it("toggles the index-th task and nothing else", () => {
    const out = toggleTask(note, 1, { count: 4, checked: true });
    expect(out).toBe(note.replace("  - [x] nested", "  - [ ] nested"));
    expect(toggleTask(out!, 3, { count: 4, checked: true })).toBe(out!.replace("1. [X] ordered", "1. [ ] ordered"));
    expect(toggleTask(note, 0, { count: 4, checked: false })).toBe(note.replace("- [ ] first", "- [x] first"));
  });

  it("changes nothing when the text is not what the reader saw", () => {
    expect(toggleTask(note, 0, { count: 5, checked: false })).toBeNull();
    expect(toggleTask(note, 0, { count: 4, checked: true })).toBeNull();
    expect(toggleTask(note, 9, { count: 4, checked: false })).toBeNull();
  });

  it("embedded notes' tasks are not the note's own", () => {
    const d = document.createElement("div");
    d.innerHTML = renderMarkdown("- [ ] theirs", { embedded: true }).html;
    expect(d.querySelector(".task")).not.toBeNull();
    expect(d.querySelector(".task[data-task]")).toBeNull();
  });
});
