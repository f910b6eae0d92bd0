// A CPU profile of typing in a big note, for finding what runs per keystroke:
// opens a E2E_PERF_LINES-line note (structured, or one paragraph with
// BENCH_PROFILE_KIND=paragraph), types BENCH_PROFILE_KEYS keys through the
// Chrome DevTools Protocol's profiler and prints the functions with the most
// self time (and writes the .cpuprofile under E2E_ARTIFACTS, for DevTools).
// Run: E2E_SCRIPT=frontend/e2e/bench-profile.mjs build/scripts/e2e.sh
import { writeFileSync } from "node:fs";
import { BASE, launch } from "./harness.mjs";
import { bigNote, paragraphLines, structuredLines } from "./perf.mjs";

const kind = process.env.BENCH_PROFILE_KIND || "structured";
const keys = Number(process.env.BENCH_PROFILE_KEYS || 40);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(BASE + "/");
  await page.getByRole("listbox", { name: "Notes" }).waitFor();
  const title = `Profile ${kind} ${Date.now().toString(36)}`;
  const lines = kind === "paragraph" ? paragraphLines(title) : structuredLines(title);
  if (process.env.BENCH_PROFILE_CSS) await page.addStyleTag({ content: process.env.BENCH_PROFILE_CSS });
  if (process.env.BENCH_PROFILE_PANEL === "off") {
    // Hide the right panel (backlinks and links) through the command palette.
    await page.keyboard.press("Control+k");
    await page.keyboard.type("Show backlinks");
    await page.keyboard.press("Enter");
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  let started = false;
  const numbers = await bigNote(page, title, lines, {
    end: "x".repeat(keys),
    top: "",
    settle: Number(process.env.BENCH_PROFILE_SETTLE || 500),
    async beforeTyping() {
      await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] });
      await cdp.send("Profiler.start");
      started = true;
    },
  });
  if (!started) throw new Error("bigNote did not call beforeTyping");
  const { profile } = await cdp.send("Profiler.stop");
  const trace = JSON.parse((await browser.stopTracing()).toString());
  console.log(JSON.stringify(numbers));
  // Main-thread time by trace event (complete events of the renderer's main thread).
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const byName = new Map();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== "X" || !e.dur) continue;
    const v = byName.get(e.name) || { ms: 0, n: 0 };
    v.ms += e.dur / 1000;
    v.n++;
    byName.set(e.name, v);
  }
  for (const [k, v] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${v.ms.toFixed(1).padStart(9)} ms ${String(v.n).padStart(6)}x  ${k}`);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber}:${f.columnNumber}`;
    self.set(key, (self.get(key) || 0) + (dt[i] || 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [k, ms] of top) console.log(`${ms.toFixed(1).padStart(9)} ms  ${k}`);
  if (process.env.E2E_ARTIFACTS) writeFileSync(`${process.env.E2E_ARTIFACTS}/typing-${kind}.cpuprofile`, JSON.stringify(profile));
  await context.close();
} finally {
  await browser.close();
}
