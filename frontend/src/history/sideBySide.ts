// Side-by-side rows of a line diff: each changed run's removed lines beside
// its added lines, unchanged lines on both sides, long unchanged runs folded.
import { diffLines, foldUnchanged, type DiffOp } from "./diff";

/** SideCell is one side of a row: a 1-based line number and its text. */
export interface SideCell {
  line: number;
  text: string;
}

/**
 * SideRow is a row of a side-by-side diff: a line both sides share, a
 * change (a line only on the left, only on the right, or one replaced by
 * the other), or a fold of unchanged lines.
 */
export type SideRow =
  | { kind: "same"; left: SideCell; right: SideCell }
  | { kind: "change"; left: SideCell | null; right: SideCell | null }
  | { kind: "fold"; count: number };

/**
 * sideBySide lines up left and right text: the i-th removed line of a run
 * beside its i-th added line, unchanged runs longer than twice the context
 * folded (texts without a difference are shown whole).
 */
export function sideBySide(left: string, right: string, context = 3): SideRow[] {
  const ops = diffLines(left, right);
  return pairRows(ops.some((o) => o.kind !== "same") ? foldUnchanged(ops, context) : ops);
}

/** pairRows turns a (possibly folded) unified diff into side-by-side rows. */
export function pairRows(rows: readonly (DiffOp | { kind: "fold"; count: number })[]): SideRow[] {
  const out: SideRow[] = [];
  let dels: DiffOp[] = [];
  let adds: DiffOp[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++) {
      const d = dels[i];
      const a = adds[i];
      out.push({ kind: "change", left: d ? { line: d.aLine, text: d.text } : null, right: a ? { line: a.bLine, text: a.text } : null });
    }
    dels = [];
    adds = [];
  };
  for (const r of rows) {
    if (r.kind === "del") {
      // A removal after additions starts a new run.
      if (adds.length > 0) flush();
      dels.push(r);
    } else if (r.kind === "add") adds.push(r);
    else {
      flush();
      if (r.kind === "fold") out.push(r);
      else out.push({ kind: "same", left: { line: r.aLine, text: r.text }, right: { line: r.bLine, text: r.text } });
    }
  }
  flush();
  return out;
}
