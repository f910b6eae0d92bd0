import { describe, expect, it } from "vitest";
import { diffArrays, diffLines, diffStats, foldUnchanged, splitLines, type DiffOp } from "./diff";

// apply rebuilds both sides from a diff, which must give back a and b.
function sides(ops: DiffOp[]): { a: string[]; b: string[] } {
  return {
    a: ops.filter((o) => o.kind !== "add").map((o) => o.text),
    b: ops.filter((o) => o.kind !== "del").map((o) => o.text),
  };
}

// show writes a diff as " x", "+x", "-x" lines.
function show(ops: DiffOp[]): string[] {
  return ops.map((o) => (o.kind === "same" ? " " : o.kind === "add" ? "+" : "-") + o.text);
}

describe("splitLines", () => {
  it.each([
    ["", []],
    ["a", ["a"]],
    ["a\n", ["a"]],
    ["a\r\nb\n\n", ["a", "b", ""]],
  ])("%j", (text, want) => expect(splitLines(text)).toEqual(want));
});

describe("diffLines", () => {
  it.each<[string, string, string, string[]]>([
    ["identical", "a\nb\nc", "a\nb\nc", [" a", " b", " c"]],
    ["empty to text", "", "a\nb", ["+a", "+b"]],
    ["text to empty", "a\nb", "", ["-a", "-b"]],
    ["one line changed", "a\nb\nc", "a\nB\nc", [" a", "-b", "+B", " c"]],
    ["line added in the middle", "a\nc", "a\nb\nc", [" a", "+b", " c"]],
    ["line removed at the start", "x\na\nb", "a\nb", ["-x", " a", " b"]],
    ["moved line", "a\nb\nc\nd", "b\nc\na\nd", ["-a", " b", " c", "+a", " d"]],
  ])("%s", (_name, a, b, want) => {
    expect(show(diffLines(a, b))).toEqual(want);
  });

  it("numbers lines on both sides", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([
      { kind: "same", text: "a", aLine: 1, bLine: 1 },
      { kind: "del", text: "b", aLine: 2, bLine: 0 },
      { kind: "same", text: "c", aLine: 3, bLine: 2 },
      { kind: "add", text: "d", aLine: 0, bLine: 3 },
    ]);
  });

  it("finds a shortest edit script on random texts", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rand(30) }, () => "abcde"[rand(5)]);
      const b = Array.from({ length: rand(30) }, () => "abcde"[rand(5)]);
      const ops = diffArrays(a, b);
      expect(sides(ops)).toEqual({ a, b });
      const { added, removed } = diffStats(ops);
      expect(added + removed).toBe(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it("gives up searching past maxEdits but stays correct", () => {
    const a = Array.from({ length: 50 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 50 }, (_, i) => `b${i}`);
    const ops = diffArrays(["same", ...a, "end"], ["same", ...b, "end"], 10);
    expect(sides(ops)).toEqual({ a: ["same", ...a, "end"], b: ["same", ...b, "end"] });
    expect(diffStats(ops)).toEqual({ added: 50, removed: 50 });
  });

  it("diffs a 10,000-line note with a few edits", () => {
    const a = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    const b = [...a];
    b[100] = "changed";
    b.splice(5000, 0, "inserted");
    b.splice(9000, 1);
    const ops = diffArrays(a, b);
    expect(diffStats(ops)).toEqual({ added: 2, removed: 2 });
    expect(sides(ops)).toEqual({ a, b });
  });
});

describe("foldUnchanged", () => {
  it("keeps three lines of context and folds the rest", () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[10] = "X";
    const rows = foldUnchanged(diffArrays(a, b));
    expect(rows.map((r) => (r.kind === "fold" ? `…${r.count}` : r.kind === "same" ? r.text : `${r.kind}:${r.text}`))).toEqual([
      "…7", "l7", "l8", "l9", "del:l10", "add:X", "l11", "l12", "l13", "…6",
    ]);
  });

  it("does not fold a run that is barely longer than its context", () => {
    const rows = foldUnchanged(diffLines("a\n1\n2\n3\n4\n5\n6\nb", "A\n1\n2\n3\n4\n5\n6\nB"));
    expect(rows.some((r) => r.kind === "fold")).toBe(false);
  });
});

function lcs(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}
