// Speed measurements in the e2e harness (issue 6's goals); printed as JSON,
// never asserted: a 2-core CI machine is not a laptop.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE, bridgeCall, emitted, waitForEvent } from "./harness.mjs";

const NOTES = Number(process.env.E2E_PERF_NOTES || 10_000);
const LINES = Number(process.env.E2E_PERF_LINES || 10_000);

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (v) => Math.round(v * 10) / 10;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1]) };
}

/** seed imports NOTES generated notes through ImportAPI, the way a person's vault arrives. */
async function seed() {
  const dir = mkdtempSync(join(tmpdir(), "secondbrain-e2e-perf-"));
  for (let f = 0; f < 10; f++) mkdirSync(join(dir, `folder${f}`));
  const words = ["garden", "river", "engine", "lantern", "harbor", "meadow", "quartz", "violin", "canyon", "orchid"];
  for (let i = 0; i < NOTES; i++) {
    const id = String(i).padStart(5, "0");
    const body = [
      `# Perf ${id}`,
      "",
      `Note ${id} about the ${words[i % 10]} and the ${words[(i * 7) % 10]}. #perf/t${i % 20}`,
      `See [[Perf ${String((i + 1) % NOTES).padStart(5, "0")}]] and [[Perf ${String((i * 31) % NOTES).padStart(5, "0")}]].`,
      "",
    ].join("\n");
    writeFileSync(join(dir, `folder${i % 10}`, `Perf ${id}.md`), body);
  }
  const before = (await emitted()).length;
  const t0 = performance.now();
  const job = await bridgeCall("ImportAPI", "Start", dir);
  const done = await waitForEvent((e) => e.name === "import:done" && e.data[0].job === job, { after: before, timeout: 120_000 });
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (done.data[0].error?.code) throw new Error(`perf import failed: ${JSON.stringify(done.data[0].error)}`);
  return Math.round(ms);
}

// Records, from navigation start, when the first note row and the note count show.
function listShownProbe() {
  const mark = () => {
    if (window.__firstRowAt === undefined && document.querySelector('[aria-label="Notes"] .note-row .note-row-title')) {
      window.__firstRowAt = performance.now();
    }
    const count = document.querySelector(".sidebar-sub .count");
    if (window.__countAt === undefined && count && /\d/.test(count.textContent || "")) window.__countAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, characterData: true });
}

async function listShown(browser) {
  const firstRow = [];
  const count = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(listShownProbe);
    await page.goto(BASE + "/");
    await page.waitForFunction(() => window.__firstRowAt !== undefined && window.__countAt !== undefined, null, { timeout: 30_000 });
    firstRow.push(await page.evaluate(() => window.__firstRowAt));
    count.push(await page.evaluate(() => window.__countAt));
    await context.close();
  }
  return { first_row_ms: stats(firstRow), count_ms: stats(count) };
}

// openRow clicks the idx-th visible row and resolves with the ms until the editor shows that note.
function openRowInPage(idx) {
  const rows = [...document.querySelectorAll('[aria-label="Notes"] .note-row')];
  const row = rows[idx];
  const title = row.querySelector(".note-row-title").textContent;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const shown = () => {
      const input = document.querySelector('input[aria-label="Title"]');
      const first = document.querySelector(".cm-content .cm-line");
      return input?.value === title && first?.textContent === `# ${title}`;
    };
    const done = () => {
      mo.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    const mo = new MutationObserver(() => shown() && done());
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const timer = setTimeout(() => {
      mo.disconnect();
      reject(new Error(`note ${title} did not open`));
    }, 10_000);
    row.click();
  });
}

async function openNote(page) {
  const times = [];
  for (let i = 0; i < 12; i++) {
    times.push(await page.evaluate(openRowInPage, i % 10));
    await page.waitForTimeout(50);
  }
  return stats(times.slice(2)); // the first two warm the code paths
}

// Measures each keystroke in the editor: to the end of the work it triggers
// (React's render included) and to the next animation frame; plus the
// browser's Event Timing entries over 16 ms.
function keyProbe() {
  window.__keys = { handled: [], frame: [], slow: [] };
  if (window.__keyProbe) return; // installed once per page; each call starts a fresh record
  window.__keyProbe = true;
  document.addEventListener(
    "keydown",
    (e) => {
      const cm = document.querySelector(".cm-content");
      if (!cm || e.key.length !== 1) return; // printable keys only
      const t0 = e.timeStamp;
      const mo = new MutationObserver(() => {
        mo.disconnect();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          window.__keys.handled.push(performance.now() - t0);
          requestAnimationFrame(() => window.__keys.frame.push(performance.now() - t0));
        };
        ch.port2.postMessage(0);
      });
      mo.observe(cm, { subtree: true, childList: true, characterData: true });
    },
    true,
  );
  new PerformanceObserver((list) => {
    for (const en of list.getEntries()) {
      if (["keydown", "keypress", "keyup", "beforeinput", "input"].includes(en.name)) window.__keys.slow.push({ name: en.name, duration: en.duration });
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: false });
}

// structuredLines is a long note as people write them: headings, paragraphs, lists, links.
function structuredLines(title) {
  const lines = [`# ${title}`];
  for (let i = 1; i < LINES; i++) {
    if (i % 100 === 0) lines.push(`## Section ${i / 100}`);
    else if (i % 6 === 0) lines.push("");
    else if (i % 3 === 0) lines.push(`- item ${i} with [[Perf ${String(i % NOTES).padStart(5, "0")}]] and **bold** #big`);
    else lines.push(`Line ${i}: the quick brown fox jumps over [[Perf ${String(i % NOTES).padStart(5, "0")}]] and \`code\`.`);
  }
  return lines;
}

// paragraphLines is the worst case: every line one paragraph (no blank lines), each with a wikilink.
function paragraphLines(title) {
  const lines = [`# ${title}`];
  for (let i = 1; i < LINES; i++) lines.push(`Line ${i}: the quick brown fox [[Perf ${String(i % NOTES).padStart(5, "0")}]] #big`);
  return lines;
}

/** bigNote opens a LINES-line note and types in it, at the end and at the top. */
async function bigNote(page, title, lines, { end, top }) {
  const body = lines.join("\n");
  const note = await bridgeCall("NotesAPI", "Create", title, "", body);
  // The list is sorted by update time: the new note is the first row.
  await page.locator('[aria-label="Notes"] .note-row-title', { hasText: new RegExp(`^${title}$`) }).first().waitFor();
  const openMs = await page.evaluate(openRowInPage, 0);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.waitForTimeout(500);
  await page.evaluate(keyProbe);
  await page.keyboard.type(end, { delay: 40 });
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("End");
  await page.keyboard.type(top, { delay: 40 });
  await page.waitForTimeout(300);
  const keys = await page.evaluate(() => window.__keys);
  await page.locator(".save-indicator").filter({ hasText: /^Saved$/ }).waitFor({ timeout: 60_000 });
  const saved = await bridgeCall("NotesAPI", "Get", note.id);
  return {
    lines: lines.length,
    bytes: body.length,
    open_ms: Math.round(openMs * 10) / 10,
    keystroke_handled_ms: stats(keys.handled),
    keystroke_next_frame_ms: stats(keys.frame),
    event_timing_over_16ms: keys.slow.length,
    event_timing_max_ms: keys.slow.reduce((m, e) => Math.max(m, e.duration), 0),
    saved: saved.body.endsWith(end) && saved.body.startsWith(`# ${title}${top}`),
  };
}

async function titles(page) {
  const times = await page.evaluate(async () => {
    const out = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await window.go.app.SearchAPI.Titles(`perf ${String(i * 37).padStart(3, "0")}`, 20);
      out.push(performance.now() - t0);
    }
    return out;
  });
  return stats(times);
}

async function search(page) {
  const times = await page.evaluate(async () => {
    const out = [];
    for (const w of ["garden", "river engine", "lantern", "harbor meadow", "quartz", "violin", "canyon orchid", "perf"]) {
      const t0 = performance.now();
      await window.go.app.SearchAPI.Search({ text: w, mode: "lexical", limit: 20 });
      out.push(performance.now() - t0);
    }
    return out;
  });
  return stats(times);
}

async function globalGraph(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const g = await window.go.app.GraphAPI.Global(20000);
    return { ms: Math.round(performance.now() - t0), nodes: g.nodes.length, edges: g.edges.length, truncated: g.truncated };
  });
}

/** measure seeds the notes and returns the numbers. */
export async function measure(browser) {
  const out = { notes: NOTES, note: "round trips go over HTTP to the e2e bridge, not Wails IPC; the backend was started before the page loaded" };
  out.import_ms = await seed();
  out.list_shown_after_load = await listShown(browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(BASE + "/");
  await page.locator('[aria-label="Notes"] .note-row-title').first().waitFor();
  out.open_note_ms = await openNote(page);
  out.titles_api_ms = await titles(page);
  out.search_api_ms = await search(page);
  out.graph_global_api = await globalGraph(page);
  out.small_note = await bigNote(page, "Perf small", structuredLines("Perf small").slice(0, 10), { end: " typing at the end", top: " at the top" });
  out.big_note = await bigNote(page, "Perf big", structuredLines("Perf big"), { end: " typing at the end", top: " at the top" });
  out.big_note_one_paragraph = await bigNote(page, "Perf paragraph", paragraphLines("Perf paragraph"), { end: " e", top: " t" });
  await context.close();
  return out;
}
