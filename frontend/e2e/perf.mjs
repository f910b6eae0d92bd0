// Speed measurements in the e2e harness (issue 6's goals); printed as JSON,
// never asserted: a 2-core CI machine is not a laptop.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE, bridgeCall, emitted, waitForEvent } from "./harness.mjs";

const NOTES = Number(process.env.E2E_PERF_NOTES || 10_000);
const LINES = Number(process.env.E2E_PERF_LINES || 10_000);

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (v) => Math.round(v * 10) / 10;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1]) };
}

/** noteCount is how many (untrashed) notes the store holds. */
export async function noteCount() {
  return (await bridgeCall("NotesAPI", "List", "updated", 0, 1, false)).total;
}

/**
 * seed imports generated notes "Perf <from>" … "Perf <to-1>" through
 * ImportAPI, the way a person's vault arrives, and returns the ms it took.
 * Links point at notes below `to`.
 */
export async function seed(from = 0, to = NOTES) {
  const dir = mkdtempSync(join(tmpdir(), "secondbrain-e2e-perf-"));
  for (let f = 0; f < 10; f++) mkdirSync(join(dir, `folder${f}`));
  const words = ["garden", "river", "engine", "lantern", "harbor", "meadow", "quartz", "violin", "canyon", "orchid"];
  for (let i = from; i < to; i++) {
    const id = String(i).padStart(5, "0");
    const body = [
      `# Perf ${id}`,
      "",
      `Note ${id} about the ${words[i % 10]} and the ${words[(i * 7) % 10]}. #perf/t${i % 20}`,
      `See [[Perf ${String((i + 1) % to).padStart(5, "0")}]] and [[Perf ${String((i * 31) % to).padStart(5, "0")}]].`,
      "",
    ].join("\n");
    writeFileSync(join(dir, `folder${i % 10}`, `Perf ${id}.md`), body);
  }
  const before = (await emitted()).length;
  const t0 = performance.now();
  const job = await bridgeCall("ImportAPI", "Start", dir, "overwrite");
  const timeout = Math.max(120_000, (to - from) * 20);
  const done = await waitForEvent((e) => e.name === "import:done" && e.data[0].job === job, { after: before, timeout });
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

// loadPhases reads the navigation and resource timings of a loaded page.
function loadPhases() {
  const nav = performance.getEntriesByType("navigation")[0];
  const lists = performance.getEntriesByType("resource").filter((r) => r.name.includes("/call/NotesAPI/List"));
  const r = (v) => (v === undefined ? undefined : Math.round(v));
  return { dcl: r(nav?.domContentLoadedEventEnd), listStart: r(lists[0]?.startTime), listEnd: r(lists[0]?.responseEnd), listCalls: lists.length };
}

export async function listShown(browser) {
  const firstRow = [];
  const count = [];
  const phases = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(listShownProbe);
    await page.goto(BASE + "/");
    await page.waitForFunction(() => window.__firstRowAt !== undefined && window.__countAt !== undefined, null, { timeout: 120_000 });
    firstRow.push(await page.evaluate(() => window.__firstRowAt));
    count.push(await page.evaluate(() => window.__countAt));
    phases.push(await page.evaluate(loadPhases));
    await context.close();
  }
  const median = (k) => stats(phases.map((p) => p[k]).filter((v) => v !== undefined)).p50;
  return {
    first_row_ms: stats(firstRow),
    count_ms: stats(count),
    // Where the time goes (medians, ms from navigation start): the page's
    // scripts loaded and run, the first List call sent and answered.
    phases_p50: { dom_content_loaded: median("dcl"), first_list_sent: median("listStart"), first_list_answered: median("listEnd"), list_calls: median("listCalls") },
  };
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
      // Live preview shows the heading without its "# " when the caret is elsewhere.
      return input?.value === title && (first?.textContent === `# ${title}` || first?.textContent === title);
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

export async function openNote(page) {
  const times = [];
  for (let i = 0; i < 12; i++) {
    times.push(await page.evaluate(openRowInPage, i % 10));
    await page.waitForTimeout(50);
  }
  return stats(times.slice(2)); // the first two warm the code paths
}

// switchTabInPage clicks tab idx and resolves with the time until its note
// (title field and first line) shows.
function switchTabInPage(idx) {
  const tab = document.querySelectorAll(".tab")[idx];
  const title = tab.querySelector(".tab-title").textContent;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const shown = () =>
      document.querySelector('.pane-main input[aria-label="Title"]')?.value === title &&
      document.querySelector(".pane-main .cm-content .cm-line")?.textContent === `# ${title}`;
    const done = () => {
      mo.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    const mo = new MutationObserver(() => shown() && done());
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    const timer = setTimeout(() => {
      mo.disconnect();
      reject(new Error(`tab ${title} did not show`));
    }, 10_000);
    tab.click();
  });
}

/** switchTab opens four notes in tabs (Ctrl+click in the list) and times switching between them. */
export async function switchTab(page) {
  await page.evaluate(() => localStorage.removeItem("secondbrain.tabs"));
  for (let i = 0; i < 4; i++) {
    await page.locator('[aria-label="Notes"] .note-row').nth(i).click({ modifiers: i ? ["Control"] : [] });
    await page.waitForFunction((n) => document.querySelectorAll(".tab").length === n, i + 1);
  }
  const times = [];
  for (let i = 0; i < 14; i++) {
    times.push(await page.evaluate(switchTabInPage, i % 4));
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

/**
 * keysBaseline types the same text, with the same probe, into a bare
 * contenteditable on a blank page in the same browser: what a keystroke costs
 * this machine before any editor runs, the baseline for bigNote's numbers.
 */
export async function keysBaseline(browser, text = " typing at the end at the top") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.setContent(`<div class="cm-content" contenteditable="true" style="width:600px;min-height:300px">A line of text</div>`);
  await page.locator(".cm-content").click();
  await page.keyboard.press("End");
  await page.evaluate(keyProbe);
  await page.keyboard.type(text, { delay: 40 });
  await page.waitForTimeout(300);
  const keys = await page.evaluate(() => window.__keys);
  await context.close();
  return { keystroke_handled_ms: stats(keys.handled), keystroke_next_frame_ms: stats(keys.frame), event_timing_over_16ms: keys.slow.length };
}

// structuredLines is a long note as people write them: headings, paragraphs, lists, links.
export function structuredLines(title) {
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
export function paragraphLines(title) {
  const lines = [`# ${title}`];
  for (let i = 1; i < LINES; i++) lines.push(`Line ${i}: the quick brown fox [[Perf ${String(i % NOTES).padStart(5, "0")}]] #big`);
  return lines;
}

/** bigNote opens a LINES-line note and types in it, at the end and at the top. */
export async function bigNote(page, title, lines, { end, top, beforeTyping, settle = 500, trash = false }) {
  const body = lines.join("\n");
  const note = await bridgeCall("NotesAPI", "Create", title, "", body);
  // The list is sorted by update time: the new note is the first row.
  await page.locator('[aria-label="Notes"] .note-row-title', { hasText: new RegExp(`^${title}$`) }).first().waitFor();
  const openMs = await page.evaluate(openRowInPage, 0);
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+End");
  await page.waitForTimeout(settle);
  await page.evaluate(keyProbe);
  await beforeTyping?.();
  await page.keyboard.type(end, { delay: 40 });
  if (top) {
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("End");
    await page.keyboard.type(top, { delay: 40 });
  }
  await page.waitForTimeout(300);
  const keys = await page.evaluate(() => window.__keys);
  await page.locator(".save-indicator").filter({ hasText: /^Saved$/ }).waitFor({ timeout: 60_000 });
  const saved = await bridgeCall("NotesAPI", "Get", note.id);
  if (trash) await bridgeCall("NotesAPI", "Trash", note.id);
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

// switcherQueries are what people type into the quick switcher: title prefixes of
// different lengths, spread over the seeded range.
export function switcherQueries(notes, n = 30) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const id = String((i * 7919 + 13) % notes).padStart(5, "0");
    out.push(`perf ${id.slice(0, 2 + (i % 4))}`);
  }
  return out;
}

// Resolves with { handled, frame }: ms from the keydown of the next printable key
// until the quick switcher's list shows the results for q, and to the frame after.
function switcherProbe(q) {
  window.__switcher = new Promise((resolve, reject) => {
    let t0 = null;
    const list = () => document.querySelector('[role="dialog"][aria-label="Quick switcher"] [role="listbox"]');
    const onKey = (e) => {
      if (e.key.length === 1) t0 = e.timeStamp;
    };
    document.addEventListener("keydown", onKey, { capture: true, once: true });
    const check = () => {
      if (t0 === null || list()?.dataset.query !== q) return;
      mo.disconnect();
      clearTimeout(timer);
      const handled = performance.now() - t0;
      requestAnimationFrame(() => resolve({ handled, frame: performance.now() - t0 }));
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-query"] });
    const timer = setTimeout(() => {
      mo.disconnect();
      reject(new Error(`quick switcher showed no results for ${q}`));
    }, 10_000);
  });
}

/** titlesApi times SearchAPI.Titles from the page for each query: the round trip the quick switcher waits on. */
export async function titlesApi(page, queries) {
  const times = await page.evaluate(async (qs) => {
    const out = [];
    for (const q of qs) {
      const t0 = performance.now();
      await window.go.app.SearchAPI.Titles(q, 20);
      out.push(performance.now() - t0);
    }
    return out;
  }, queries);
  return stats(times);
}

/**
 * quickSwitcher opens the quick switcher (Ctrl+O) and, for each query, types
 * all but its last key, waits for those results, then times the last key to
 * the results shown. It returns the times and whether every result list
 * held a matching note.
 */
export async function quickSwitcher(page, queries) {
  const handled = [];
  const frame = [];
  let matched = 0;
  await page.keyboard.press("Control+o");
  const input = page.getByRole("dialog", { name: "Quick switcher" }).getByLabel("Note title");
  await input.waitFor();
  const list = page.locator('[role="dialog"][aria-label="Quick switcher"] [role="listbox"]');
  for (const q of queries) {
    await input.fill(q.slice(0, -1));
    await page.waitForFunction((want) => document.querySelector('[aria-label="Quick switcher"] [role="listbox"]')?.dataset.query === want, q.slice(0, -1));
    await page.evaluate(switcherProbe, q);
    await page.keyboard.press(q.slice(-1));
    const t = await page.evaluate(() => window.__switcher);
    handled.push(t.handled);
    frame.push(t.frame);
    const first = (await list.locator(".result-title").first().textContent().catch(() => "")) || "";
    if (first.toLowerCase().startsWith(q)) matched++;
  }
  await page.keyboard.press("Escape");
  return { queries: queries.length, first_result_matches: matched, keypress_to_results_ms: stats(handled), keypress_to_next_frame_ms: stats(frame) };
}

// Pans the graph by dragging its canvas (synthetic mouse events, one move per
// animation frame, as sigma's mouse captor reads them) for ms milliseconds and
// returns the frame intervals.
function panInPage(ms) {
  const host = document.querySelector(".graph-canvas");
  // sigma listens on its top canvas (the mouse layer), the last one it adds.
  const canvases = host.querySelectorAll("canvas");
  const el = canvases[canvases.length - 1] ?? host;
  const r = el.getBoundingClientRect();
  const cx = r.left + r.width / 2;
  const cy = r.top + r.height / 2;
  const ev = (type, x, y, target) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: type === "mouseup" ? 0 : 1, bubbles: true, cancelable: true }));
  const sigma = window.__e2e?.sigma;
  const before = sigma?.getCamera().getState();
  let renders = 0;
  const counted = () => renders++;
  sigma?.on("afterRender", counted);
  // A frame shows the graph moved when sigma drew it or the graph view
  // moved its last drawn frame (src/graph/motion.ts) since the frame before.
  const moved0 = canvases[0];
  let shown = 0;
  let seen = { renders: 0, transform: moved0?.style.transform ?? "" };
  ev("mousedown", cx, cy, el);
  return new Promise((resolve) => {
    const frames = [];
    const t0 = performance.now();
    let last = t0;
    const step = (now) => {
      frames.push(now - last);
      last = now;
      const look = { renders, transform: moved0?.style.transform ?? "" };
      if (look.renders !== seen.renders || look.transform !== seen.transform) shown++;
      seen = look;
      const t = now - t0;
      const x = cx + Math.sin(t / 300) * r.width * 0.3;
      const y = cy + Math.cos(t / 450) * r.height * 0.2;
      if (t < ms) {
        // On the canvas, as a real drag (sigma also looks for a node under the pointer then).
        ev("mousemove", x, y, el);
        requestAnimationFrame(step);
      } else {
        ev("mouseup", x, y, document);
        const up = performance.now();
        const drawnAt = renders;
        // After the drag, how long until the graph is drawn afresh where it rests.
        const rested = new Promise((done) => {
          const check = () => {
            const waited = performance.now() - up;
            if ((!(window.__e2e?.motion?.moving() ?? false) && (renders > drawnAt || waited > 500)) || waited > 10_000) done(waited);
            else setTimeout(check, 5);
          };
          check();
        });
        rested.then((restMs) => {
          sigma?.off("afterRender", counted);
          const after = sigma?.getCamera().getState();
          const moved = !!before && !!after && (before.x !== after.x || before.y !== after.y);
          resolve({ ms: up - t0, frames: frames.slice(1), shown, renders: sigma ? renders : null, drawnAt, moved, restMs, frameMs: window.__e2e?.motion?.frameMs() ?? null });
        });
      }
    };
    requestAnimationFrame(step);
  });
}

/**
 * graphPan opens the global graph view with at most maxNodes nodes (the
 * view asks for 20k; a smaller cap gives a baseline), times the Global call
 * and the view until drawn, then pans for panMs twice: right away (while
 * the layout worker runs; dragging pauses it) and once the layout settled.
 */
export async function graphPan(page, maxNodes, { settle = 5000, panMs = 3000, cdp = null } = {}) {
  const apiMs = await page.evaluate(async (n) => {
    const t0 = performance.now();
    await window.go.app.GraphAPI.Global(n);
    return Math.round(performance.now() - t0);
  }, maxNodes);
  await page.evaluate((n) => {
    const g = window.go.app.GraphAPI;
    g.__global ??= g.Global;
    g.Global = (m) => g.__global(Math.min(m, n));
  }, maxNodes);
  const t0 = Date.now();
  await page.locator(".sidebar-tools").getByRole("button", { name: "Graph" }).click();
  const view = page.getByRole("region", { name: "Graph view" });
  await view.getByRole("button", { name: "Everything" }).click();
  const count = view.locator(".graph-head .muted").first();
  await count.filter({ hasText: /nodes/ }).waitFor({ timeout: 300_000 });
  await view.locator(".graph-canvas canvas").first().waitFor();
  await page.waitForFunction(() => window.__e2e?.sigma, null, { timeout: 60_000 });
  const shownMs = Date.now() - t0;
  const label = (await count.textContent()) || "";
  const alert = view.getByRole("alert");
  const error = (await alert.count()) ? await alert.textContent() : null;
  await page.waitForTimeout(300);
  const early = await page.evaluate(panInPage, panMs);
  await page.waitForTimeout(settle);
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.start");
  }
  const settled = await page.evaluate(panInPage, panMs);
  // With a CDP session: where the main thread's time went during the settled pan.
  let mainThread;
  if (cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
    const sum = { idle: 0, program: 0, gc: 0, js: 0 };
    profile.samples.forEach((id, i) => {
      const name = byId.get(id);
      const k = name === "(idle)" ? "idle" : name === "(program)" ? "program" : name === "(garbage collector)" ? "gc" : "js";
      sum[k] += (profile.timeDeltas[i] || 0) / 1000;
    });
    const frames = Math.max(1, settled.frames.length);
    const self = new Map();
    const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
      const f = byNode.get(id);
      const k = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
      self.set(k, (self.get(k) || 0) + (profile.timeDeltas[i] || 0) / 1000);
    });
    if (process.env.E2E_ARTIFACTS) writeFileSync(join(process.env.E2E_ARTIFACTS, `graph-pan-${maxNodes}.cpuprofile`), JSON.stringify(profile));
    mainThread = {
      top_self_ms: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${Math.round(v)} ${k}`),
      profiled_ms: Math.round(profile.endTime / 1000 - profile.startTime / 1000), per_frame_ms: Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, Math.round((v / frames) * 10) / 10])) };
  }
  await page.waitForTimeout(300);
  await view.getByRole("button", { name: "Close graph" }).click();
  await page.evaluate(() => {
    const g = window.go.app.GraphAPI;
    if (g.__global) g.Global = g.__global;
  });
  const summary = (pan) => ({
    // requestAnimationFrame callbacks per second during the drag
    raf_fps: Math.round((pan.frames.length / pan.ms) * 1000 * 10) / 10,
    // frames sigma drew (its afterRender event) per second during the drag
    drawn_fps: pan.renders === null ? null : Math.round((pan.drawnAt / pan.ms) * 1000 * 10) / 10,
    // frames per second in which the graph shown moved (drawn afresh, or the last drawing moved)
    shown_fps: Math.round((pan.shown / pan.ms) * 1000 * 10) / 10,
    // after the drag: until the graph is drawn afresh where it rests
    rest_ms: Math.round(pan.restMs),
    // the last full frame's cost as the graph view measured it (render plus the wait for the next frame)
    full_frame_ms: pan.frameMs === null ? null : Math.round(pan.frameMs),
    camera_moved: pan.moved,
    frame_ms: stats(pan.frames),
  });
  return {
    graph: label.trim(),
    error: error || undefined,
    global_api_ms: apiMs,
    shown_ms: shownMs,
    pan_right_away: summary(early),
    pan_settled: summary(settled),
    main_thread_while_panning: mainThread,
  };
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
  out.switch_tab_ms = await switchTab(page);
  out.titles_api_ms = await titles(page);
  out.search_api_ms = await search(page);
  out.graph_global_api = await globalGraph(page);
  // A smoke check of what bench.mjs times at scale (build/scripts/bench-ui.sh):
  // it asserts that it works, never how fast.
  out.quick_switcher = await quickSwitcher(page, switcherQueries(NOTES, 10));
  if (out.quick_switcher.first_result_matches !== 10) throw new Error(`quick switcher: ${JSON.stringify(out.quick_switcher)}`);
  out.small_note = await bigNote(page, "Perf small", structuredLines("Perf small").slice(0, 10), { end: " typing at the end", top: " at the top" });
  out.big_note = await bigNote(page, "Perf big", structuredLines("Perf big"), { end: " typing at the end", top: " at the top" });
  out.big_note_one_paragraph = await bigNote(page, "Perf paragraph", paragraphLines("Perf paragraph"), { end: " e", top: " t" });
  await context.close();
  return out;
}
