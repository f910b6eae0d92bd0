// The e2e harness: a tiny sequential test runner over playwright-core and
// Debian's Chromium, and helpers that drive the app served by the e2e bridge
// (build/e2ebridge). E2E_URL is the bridge's base URL.
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

/** BASE is the bridge's base URL. */
export const BASE = (process.env.E2E_URL || "").replace(/\/$/, "");

/** shots is the folder screenshots go to: the run's artifacts (build/bin/e2e under e2e.sh). */
export const shots = process.env.E2E_ARTIFACTS || "/tmp";
if (!BASE) throw new Error("set E2E_URL to the e2e bridge's URL (build/scripts/e2e.sh does)");

/** chromiumPath is the system Chromium: CHROMIUM, else `which chromium`. No browser is downloaded. */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
}

/** launch starts headless Chromium (without its sandbox when we are root, which it requires). */
export function launch() {
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args });
}

// ---- runner ----

const tests = [];
const todos = [];
let currentTest = "";

/** test registers a flow; fn gets { page, context, guard }. */
export function test(name, fn, { timeout = 30_000 } = {}) {
  tests.push({ name, fn, timeout });
}

/** todo records a part of a flow the UI cannot do yet, which the flow drove through the bound API instead. */
export function todo(what) {
  todos.push({ test: currentTest, what });
  console.log(`    TODO ${what}`);
}

/** assert throws when ok is false. */
export function assert(ok, message) {
  if (!ok) throw new Error(`assertion failed: ${message}`);
}

/** eq asserts got === want with a got/want message. */
export function eq(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}; want ${JSON.stringify(want)}`);
}

/**
 * run runs the registered flows one after another, each in a fresh browser
 * context, and returns { passed, failed, todos }.
 */
export async function run(browser, { only } = {}) {
  const results = { passed: [], failed: [], todos };
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    currentTest = t.name;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Actions fail (with the locator's story) well before the flow's own timeout.
    context.setDefaultTimeout(Math.min(10_000, t.timeout / 2));
    const page = await context.newPage();
    const guard = watch(page);
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        t.fn({ page, context, guard }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${t.timeout} ms`)), t.timeout);
        }),
      ]);
      guard.check();
      results.passed.push(t.name);
      console.log(`ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      results.failed.push({ name: t.name, error: String(e?.stack || e) });
      console.log(`FAIL ${t.name} (${Date.now() - started} ms)\n${indent(String(e?.stack || e))}`);
      const { errors, console: logs, navigations, popups, dialogs } = guard.seen;
      const logged = [
        ...errors.map((m) => `page error: ${m}`),
        ...logs.map((m) => `console: ${m}`),
        ...navigations.map((u) => `navigated to: ${u}`),
        ...popups.map((u) => `popup: ${u}`),
        ...dialogs.map((d) => `dialog: ${d}`),
      ];
      if (logged.length) console.log(indent(logged.slice(-10).join("\n")));
      await page.screenshot({ path: `${shots}/e2e-fail-${slug(t.name)}.png` }).catch(() => {});
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
  }
  return results;
}

function indent(s) {
  return s
    .split("\n")
    .map((l) => "     " + l)
    .join("\n");
}

function slug(s) {
  return s.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}

/**
 * watch records what must never happen on a page: a JavaScript dialog (the
 * hostile payloads call alert), an uncaught page error, a popup, or the main
 * frame leaving the app. check() throws if any did.
 */
export function watch(page) {
  const seen = { dialogs: [], errors: [], popups: [], navigations: [], console: [] };
  page.on("console", (m) => m.type() === "error" && seen.console.push(m.text()));
  page.on("dialog", (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("popup", (p) => seen.popups.push(p.url()));
  page.on("framenavigated", (f) => {
    if (f === page.mainFrame() && !f.url().startsWith(BASE)) seen.navigations.push(f.url());
  });
  return {
    seen,
    check() {
      assert(seen.dialogs.length === 0, `a dialog opened: ${seen.dialogs.join("; ")}`);
      assert(seen.errors.length === 0, `uncaught page errors: ${seen.errors.join("; ")}`);
      assert(seen.popups.length === 0, `a popup opened: ${seen.popups.join("; ")}`);
      assert(seen.navigations.length === 0, `the window navigated away: ${seen.navigations.join("; ")}`);
    },
  };
}

// ---- the bridge and the bound API ----

/** bridgeCall calls a bound method from node, e.g. bridgeCall("NotesAPI", "Create", "T", "", "body"). */
export async function bridgeCall(struct, method, ...args) {
  const res = await fetch(`${BASE}/call/${struct}/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(args),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${struct}.${method}: ${res.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

/** api calls a bound method from the page, through window.go as the app's bindings do. */
export function api(page, struct, method, ...args) {
  return page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [struct, method, args]);
}

/** setPickedFolder sets what ImportAPI.PickFolder answers next. */
export async function setPickedFolder(path) {
  const res = await fetch(`${BASE}/__e2e/pick-folder`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ path }),
  });
  assert(res.ok, `pick-folder: ${res.status}`);
}

/** emitted returns every event the app emitted so far: [{ name, data: [payload] }]. */
export async function emitted() {
  const res = await fetch(`${BASE}/__e2e/log`);
  return res.json();
}

/** waitForEvent polls the bridge's event log until pred matches an event emitted after `after` events. */
export async function waitForEvent(pred, { after = 0, timeout = 60_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const log = await emitted();
    const hit = log.slice(after).find(pred);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error("timed out waiting for an event");
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- the UI ----

/** openApp loads the app and waits for the note list and the event stream. */
export async function openApp(page) {
  await page.goto(BASE + "/");
  await page.getByRole("listbox", { name: "Notes" }).waitFor();
  await page.evaluate(() => window.__e2e.connected);
}

/** runCommand opens the command palette with Ctrl+K and runs the first command matching text. */
export async function runCommand(page, text) {
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Command palette" });
  await dialog.waitFor({ timeout: 5000 });
  await dialog.getByRole("textbox", { name: "Command" }).fill(text);
  await dialog.getByRole("option").first().click();
}

/** waitBody polls the stored note until pred(body) holds; it returns the body. */
export async function waitBody(id, pred, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const body = (await bridgeCall("NotesAPI", "Get", id)).body;
    if (pred(body)) return body;
    if (Date.now() > deadline) throw new Error(`${what}: the stored body never matched; it is ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** newNote creates a note through the sidebar's form and waits for it to open. */
export async function newNote(page, title) {
  await page.getByRole("button", { name: "New note" }).click();
  const input = page.getByLabel("New note title");
  await input.fill(title);
  await input.press("Enter");
  await waitTitle(page, title);
}

/** waitTitle waits until the open note's title field shows title. */
export async function waitTitle(page, title) {
  await page.waitForFunction((t) => document.querySelector('input[aria-label="Title"]')?.value === t, title);
}

/** editor is the open note's CodeMirror content. */
export function editor(page) {
  return page.locator(".cm-content");
}

/** typeAtEnd types text at the end of the open note. */
export async function typeAtEnd(page, text) {
  await editor(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

/** waitSaved waits for the save indicator to say Saved. */
export async function waitSaved(page) {
  await page.locator(".save-indicator").filter({ hasText: /^Saved$/ }).waitFor({ timeout: 10_000 });
}

/** openFromList clicks the note titled title in the note list. */
export async function openFromList(page, title) {
  await page
    .getByRole("listbox", { name: "Notes" })
    .locator(".note-row")
    .filter({ has: page.locator(".note-row-title", { hasText: new RegExp(`^${escapeRe(title)}$`) }) })
    .first()
    .click();
  await waitTitle(page, title);
}

/** editorText is the open note's text as CodeMirror shows it (lines joined by \n). */
export function editorText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".cm-content .cm-line")].map((l) => l.textContent).join("\n"),
  );
}

/** exists says whether a locator matches anything right now. */
export async function exists(locator) {
  return (await locator.count()) > 0;
}

export function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---- a second bridge ----

const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
const bridgeDirs = [];
process.on("exit", () => bridgeDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * startBridge starts another e2e bridge on an empty data dir, for flows that
 * need a vault of their own. The binary is E2E_BRIDGE (e2e.sh passes the one
 * it built), else built here. env(work), given the bridge's temporary
 * folder, returns variables to add to its environment. The bridge's output is
 * kept in <E2E_ARTIFACTS>/<prefix>bridge.log (build/bin/e2e under e2e.sh), so a
 * failed flow can be read after the fact. Returns
 * { url, work, dataDir, env, log, pick(path), stop() }.
 */
export async function startBridge(prefix, env = () => ({})) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  bridgeDirs.push(work);
  let bin = process.env.E2E_BRIDGE;
  if (!bin || !existsSync(bin)) {
    bin = join(work, "e2ebridge");
    execFileSync("go", ["build", "-tags", "e2e", "-o", bin, "./build/e2ebridge"], { cwd: repoRoot, stdio: "inherit" });
  }
  const dataDir = join(work, "data");
  mkdirSync(dataDir);
  const childEnv = { ...process.env, ...env(work) };
  const urlFile = join(work, "url");
  const log = [];
  const artifacts = process.env.E2E_ARTIFACTS || work;
  mkdirSync(artifacts, { recursive: true });
  const logFile = join(artifacts, `${prefix.replace(/-+$/, "")}-bridge.log`);
  writeFileSync(logFile, "");
  const child = spawn(bin, ["-addr", "127.0.0.1:0", "-dist", join(repoRoot, "frontend/dist"), "-data-dir", dataDir, "-url-file", urlFile], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (b) => {
    log.push(String(b));
    appendFileSync(logFile, b);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((r) => child.on("exit", r));
  const deadline = Date.now() + 90_000;
  while (!existsSync(urlFile) || readFileSync(urlFile, "utf8").trim() === "") {
    if (child.exitCode !== null) throw new Error(`the bridge exited: ${log.join("")}`);
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the bridge did not start: ${log.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = readFileSync(urlFile, "utf8").trim();
  return {
    url,
    work,
    dataDir,
    env: childEnv,
    log: logFile,
    async pick(path) {
      const res = await fetch(`${url}/__e2e/pick-folder`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ path }) });
      assert(res.ok, `pick-folder: ${res.status}`);
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
