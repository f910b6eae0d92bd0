import { describe, expect, it } from "vitest";
import { pairRows, sideBySide, type SideRow } from "./sideBySide";

// show renders rows compactly: "=" same, "~" replaced, "<" left only, ">" right only ("-" the empty side), "…n" fold.
function show(rows: SideRow[]): string[] {
  return rows.map((r) => {
    if (r.kind === "fold") return `…${r.count}`;
    if (r.kind === "same") return `= ${r.left.line}:${r.left.text} | ${r.right.line}:${r.right.text}`;
    const l = r.left ? `${r.left.line}:${r.left.text}` : "-";
    const rt = r.right ? `${r.right.line}:${r.right.text}` : "-";
    return `${r.left && r.right ? "~" : r.left ? "<" : ">"} ${l} | ${rt}`;
  });
}

describe("sideBySide", () => {
  const cases: { name: string; left: string; right: string; want: string[] }[] = [
    { name: "equal texts", left: "a\nb\n", right: "a\nb\n", want: ["= 1:a | 1:a", "= 2:b | 2:b"] },
    { name: "both empty", left: "", right: "", want: [] },
    { name: "one line replaced", left: "a\nb\nc\n", right: "a\nB\nc\n", want: ["= 1:a | 1:a", "~ 2:b | 2:B", "= 3:c | 3:c"] },
    { name: "line added on the right", left: "a\nc\n", right: "a\nb\nc\n", want: ["= 1:a | 1:a", "> - | 2:b", "= 2:c | 3:c"] },
    { name: "line only on the left", left: "a\nb\nc\n", right: "a\nc\n", want: ["= 1:a | 1:a", "< 2:b | -", "= 3:c | 2:c"] },
    {
      name: "two lines replaced by three",
      left: "x\n1\n2\ny\n",
      right: "x\nA\nB\nC\ny\n",
      want: ["= 1:x | 1:x", "~ 2:1 | 2:A", "~ 3:2 | 3:B", "> - | 4:C", "= 4:y | 5:y"],
    },
    { name: "right empty", left: "a\nb\n", right: "", want: ["< 1:a | -", "< 2:b | -"] },
    { name: "CRLF on one side reads as the same lines", left: "a\r\nb\r\n", right: "a\nb\n", want: ["= 1:a | 1:a", "= 2:b | 2:b"] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(show(sideBySide(c.left, c.right))).toEqual(c.want);
    });
  }

  it("folds long unchanged runs, keeping context around the change", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const right = [...lines];
    right[9] = "changed";
    const got = show(sideBySide(lines.join("\n"), right.join("\n"), 2));
    expect(got).toEqual(["…7", "= 8:l8 | 8:l8", "= 9:l9 | 9:l9", "~ 10:l10 | 10:changed", "= 11:l11 | 11:l11", "= 12:l12 | 12:l12", "…8"]);
  });
});

describe("pairRows", () => {
  it("starts a new run when a removal follows additions", () => {
    const rows = pairRows([
      { kind: "add", text: "A", aLine: 0, bLine: 1 },
      { kind: "del", text: "b", aLine: 1, bLine: 0 },
      { kind: "add", text: "B", aLine: 0, bLine: 2 },
    ]);
    expect(show(rows)).toEqual(["> - | 1:A", "~ 1:b | 2:B"]);
  });
});
