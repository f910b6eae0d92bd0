// The speed bench for issue 6's goals, in phases over one bridge: seeds
// notes to 10k (window interactive, note open, keystrokes in small and 10k-line
// notes, quick switcher), to 20k (graph panning at 20k nodes, with a small
// graph as a baseline) and to E2E_BENCH_NOTES, 100k by default (quick
// switcher, window interactive). Prints JSON; asserts nothing about timings.
// build/scripts/bench-ui.sh runs it; a data dir prepared by an earlier run
// (BENCH_DATA_DIR) skips the seeding it already holds.
import { writeFileSync } from "node:fs";
import { BASE, bridgeCall, launch } from "./harness.mjs";
import {
  bigNote,
  graphPan,
  keysBaseline,
  listShown,
  noteCount,
  openNote,
  paragraphLines,
  quickSwitcher,
  seed,
  structuredLines,
  switchTab,
  switcherQueries,
  titlesApi,
} from "./perf.mjs";

const TOTAL = Number(process.env.E2E_BENCH_NOTES || 100_000);
// E2E_BENCH_ONLY picks phases (small: 10k notes, graph: 20k, big: the total) and measurements (interactive, open, tabs, keys, switcher, livepreview).
const ONLY = (process.env.E2E_BENCH_ONLY || "small,graph,big,interactive,open,tabs,keys,switcher,livepreview").split(",");
const on = (what) => ONLY.includes(what);
// run tells this run's notes apart from an earlier run's in a reused data dir.
const run = Date.now().toString(36);

// trashLeftovers moves an earlier run's big notes (in a reused data dir) to the trash, so the note list starts with seeded notes.
async function trashLeftovers() {
  const page = await bridgeCall("NotesAPI", "List", "updated", 0, 200, false);
  for (const n of page.notes) if (/^(Bench|Profile) /.test(n.title)) await bridgeCall("NotesAPI", "Trash", n.id);
}

async function seedTo(n) {
  const have = await noteCount();
  if (have >= n) return { notes: have, import_ms: 0 };
  const ms = await seed(have, n);
  return { notes: await noteCount(), import_ms: ms };
}

async function appPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", String(e)));
  await page.goto(BASE + "/");
  await page.locator('[aria-label="Notes"] .note-row-title').first().waitFor({ timeout: 60_000 });
  return { context, page };
}

const browser = await launch();
const out = { chromium: browser.version(), started: new Date().toISOString() };
const log = (k, v) => {
  out[k] = v;
  console.log(k, JSON.stringify(v));
};
try {
  await trashLeftovers();
  if (on("small")) {
    log("seed_10k", await seedTo(10_000));
    if (on("interactive")) log("window_interactive_10k", await listShown(browser));
    const { context, page } = await appPage(browser);
    if (on("open")) log("open_note_10k", await openNote(page));
    if (on("tabs")) log("switch_tab_10k", await switchTab(page));
    if (on("switcher")) {
      log("quick_switcher_10k", await quickSwitcher(page, switcherQueries(10_000)));
      log("titles_api_10k", await titlesApi(page, switcherQueries(10_000)));
    }
    if (on("keys")) {
      log("keys_baseline_bare_contenteditable", await keysBaseline(browser));
      log("keys_small_note", await bigNote(page, `Bench small ${run}`, structuredLines(`Bench small ${run}`).slice(0, 100), { end: " typing at the end", top: " at the top", trash: true }));
      log("keys_10k_lines", await bigNote(page, `Bench big ${run}`, structuredLines(`Bench big ${run}`), { end: " typing at the end", top: " at the top", trash: true }));
      // The right panel lists every outgoing link of the open note (6.6k rows
      // here), and the browser repaints it on every keystroke; closed:
      await page.keyboard.press("Control+k");
      await page.keyboard.type("Show backlinks");
      await page.keyboard.press("Enter");
      log("keys_10k_lines_panel_closed", await bigNote(page, `Bench big closed ${run}`, structuredLines(`Bench big closed ${run}`), { end: " typing at the end", top: " at the top", trash: true }));
      log("keys_10k_line_paragraph_panel_closed", await bigNote(page, `Bench paragraph ${run}`, paragraphLines(`Bench paragraph ${run}`), { end: " typing", top: " top", trash: true }));
      await page.keyboard.press("Control+k");
      await page.keyboard.type("Show backlinks");
      await page.keyboard.press("Enter");
    }
    if (on("livepreview")) {
      // Live preview (the default) against source mode in the same run:
      // opening notes at 10k notes and typing in a 10k-line note.
      const toggle = async () => {
        await page.keyboard.press("Control+k");
        await page.keyboard.type("Toggle source mode");
        await page.keyboard.press("Enter");
      };
      const mode = () => page.evaluate(() => (document.querySelector(".cm-editor.cm-live-preview") ? "live preview" : "source"));
      // openNote opens the list's first rows: wait until the big notes trashed before are off the list.
      const seededOnTop = () =>
        page.waitForFunction(() => ![...document.querySelectorAll('[aria-label="Notes"] .note-row-title')].slice(0, 12).some((e) => e.textContent.startsWith("Bench ")), null, { timeout: 30_000 });
      for (const round of [1, 2]) {
        for (const m of ["live_preview", "source_mode"]) {
          await seededOnTop();
          log(`open_note_10k_${m}_${round}`, await openNote(page));
          log(`keys_10k_lines_${m}_${round}`, {
            mode: await mode(),
            ...(await bigNote(page, `Bench ${m} ${round} ${run}`, structuredLines(`Bench ${m} ${round} ${run}`), { end: " typing at the end", top: " at the top", trash: true })),
          });
          await toggle();
        }
      }
    }
    await context.close();
  }
  if (on("graph")) {
    log("seed_20k", await seedTo(20_000));
    const { context, page } = await appPage(browser);
    const cdp = await context.newCDPSession(page);
    log("graph_500", await graphPan(page, 500, { cdp }));
    log("graph_20k", await graphPan(page, 20_000, { cdp }));
    await context.close();
  }
  if (on("big")) {
    log("seed_total", await seedTo(TOTAL));
    if (on("interactive")) log("window_interactive_total", await listShown(browser));
    const { context, page } = await appPage(browser);
    if (on("switcher")) {
      log("quick_switcher_total", await quickSwitcher(page, switcherQueries(TOTAL)));
      log("titles_api_total", await titlesApi(page, switcherQueries(TOTAL)));
    }
    if (on("open")) log("open_note_total", await openNote(page));
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ bench: out }, null, 2));
if (process.env.E2E_ARTIFACTS) writeFileSync(`${process.env.E2E_ARTIFACTS}/bench.json`, JSON.stringify(out, null, 2));
