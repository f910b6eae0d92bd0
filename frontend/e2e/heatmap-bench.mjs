// The heatmap bench (issue 20's goal: a year drawn under 100 ms): builds
// e2e/heatmap-bench with Vite (production React), serves it, draws the year heatmap with 366 days of data
// in headless Chromium 20 times, and prints the React render and the
// render-to-painted times (first draw, median, max) as JSON. Asserts nothing
// about timings. Run: node e2e/heatmap-bench.mjs (from frontend/).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { build, preview } from "vite";

const root = resolve(import.meta.dirname, "heatmap-bench");
const outDir = mkdtempSync(join(tmpdir(), "heatmap-bench-"));
await build({ root, configFile: false, base: "./", logLevel: "warn", build: { outDir, emptyOutDir: true } });
const server = await preview({ root, configFile: false, logLevel: "warn", build: { outDir }, preview: { port: 0, host: "127.0.0.1" } });
const url = `${server.resolvedUrls.local[0]}index.html`;
const executablePath = process.env.CHROMIUM || execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
const browser = await chromium.launch({ executablePath, headless: true, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const r = await page.evaluate(() => window.benchResult);
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const r1 = (x) => Math.round(x * 10) / 10;
    return { first_ms: r1(xs[0]), median_ms: r1(s[Math.floor(s.length / 2)]), max_ms: r1(s[s.length - 1]) };
  };
  console.log(JSON.stringify({ chromium: browser.version(), days: 366, runs: r.runs, render: stats(r.render), drawn: stats(r.drawn) }, null, 2));
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
