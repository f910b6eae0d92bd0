// A line diff: Myers' O(ND) algorithm on the lines between the common
// prefix and suffix, and the hunks a history view shows.

/** DiffOp is one line of a diff: kept, added (only in b) or removed (only in a). */
export interface DiffOp {
  kind: "same" | "add" | "del";
  text: string;
  /** aLine and bLine are 1-based line numbers in a and b, 0 where the line is absent. */
  aLine: number;
  bLine: number;
}

/** DiffStats counts the added and removed lines. */
export interface DiffStats {
  added: number;
  removed: number;
}

/** MAX_EDITS bounds the search: past it the changed middle is shown as removed, then added. */
export const MAX_EDITS = 2000;

/** splitLines splits text into lines; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** diffLines returns the line diff turning a into b, shortest first (Myers), removals before additions. */
export function diffLines(a: string, b: string, maxEdits = MAX_EDITS): DiffOp[] {
  return diffArrays(splitLines(a), splitLines(b), maxEdits);
}

/** diffArrays is diffLines over arrays of lines. */
export function diffArrays(a: readonly string[], b: readonly string[], maxEdits = MAX_EDITS): DiffOp[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;

  const out: DiffOp[] = [];
  for (let i = 0; i < pre; i++) out.push({ kind: "same", text: a[i], aLine: i + 1, bLine: i + 1 });
  const ma = a.slice(pre, a.length - suf);
  const mb = b.slice(pre, b.length - suf);
  for (const op of middle(ma, mb, maxEdits)) {
    out.push({
      kind: op.kind,
      text: op.text,
      aLine: op.kind === "add" ? 0 : op.aLine + pre,
      bLine: op.kind === "del" ? 0 : op.bLine + pre,
    });
  }
  for (let k = suf; k > 0; k--) {
    const i = a.length - k;
    const j = b.length - k;
    out.push({ kind: "same", text: a[i], aLine: i + 1, bLine: j + 1 });
  }
  return out;
}

// middle diffs the part between the common prefix and suffix with Myers'
// greedy algorithm, keeping each round's frontier to walk the path back.
function middle(a: readonly string[], b: readonly string[], maxEdits: number): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((text, j): DiffOp => ({ kind: "add", text, aLine: 0, bLine: j + 1 }));
  if (m === 0) return a.map((text, i): DiffOp => ({ kind: "del", text, aLine: i + 1, bLine: 0 }));
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds the frontier before round d, diagonals -d..d (index k + d).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])) x = v[offset + k + 1];
      else x = v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found >= 0) break;
  }
  if (found < 0) {
    // Too many edits to search: everything in the middle changed.
    return [
      ...a.map((text, i): DiffOp => ({ kind: "del", text, aLine: i + 1, bLine: 0 })),
      ...b.map((text, j): DiffOp => ({ kind: "add", text, aLine: 0, bLine: j + 1 })),
    ];
  }
  // Walk back from (n, m): trace[d] is the frontier before round d.
  const rev: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const pv = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && pv[k - 1 + d] < pv[k + 1 + d]);
    const pk = down ? k + 1 : k - 1;
    const px = pv[pk + d];
    const py = px - pk;
    while (x > px && y > py) {
      rev.push({ kind: "same", text: a[x - 1], aLine: x, bLine: y });
      x--;
      y--;
    }
    if (down) {
      rev.push({ kind: "add", text: b[y - 1], aLine: 0, bLine: y });
      y--;
    } else {
      rev.push({ kind: "del", text: a[x - 1], aLine: x, bLine: 0 });
      x--;
    }
  }
  while (x > 0 && y > 0) {
    rev.push({ kind: "same", text: a[x - 1], aLine: x, bLine: y });
    x--;
    y--;
  }
  return orderRuns(rev.reverse());
}

// orderRuns puts the removals of each changed run before its additions, as
// unified diffs read.
function orderRuns(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let dels: DiffOp[] = [];
  let adds: DiffOp[] = [];
  const flush = () => {
    out.push(...dels, ...adds);
    dels = [];
    adds = [];
  };
  for (const op of ops) {
    if (op.kind === "del") dels.push(op);
    else if (op.kind === "add") adds.push(op);
    else {
      flush();
      out.push(op);
    }
  }
  flush();
  return out;
}

/** diffStats counts a diff's added and removed lines. */
export function diffStats(ops: readonly DiffOp[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === "add") added++;
    else if (op.kind === "del") removed++;
  }
  return { added, removed };
}

/** DiffRow is what a diff view shows: a line, or a fold of unchanged lines. */
export type DiffRow = DiffOp | { kind: "fold"; count: number };

/** foldUnchanged keeps context lines around each change and folds longer unchanged runs. */
export function foldUnchanged(ops: readonly DiffOp[], context = 3): DiffRow[] {
  const out: DiffRow[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind !== "same") {
      out.push(ops[i++]);
      continue;
    }
    let j = i;
    while (j < ops.length && ops[j].kind === "same") j++;
    const run = j - i;
    const head = i === 0 ? 0 : context; // lines after the change before the run
    const tail = j === ops.length ? 0 : context; // lines before the next change
    if (run > head + tail + 1) {
      for (let k = i; k < i + head; k++) out.push(ops[k]);
      out.push({ kind: "fold", count: run - head - tail });
      for (let k = j - tail; k < j; k++) out.push(ops[k]);
    } else {
      for (let k = i; k < j; k++) out.push(ops[k]);
    }
    i = j;
  }
  return out;
}
