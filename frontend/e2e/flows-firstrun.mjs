// e2e flows of the first minutes: the first-run screen of an empty vault
// (on a second bridge with a fresh data dir, since the shared bridge holds
// other flows' notes), the status bar's PostgreSQL details, the theme and
// side panel toggles, the settings, exporting the vault from the palette,
// and a graph people can read (depth 1 first, hubs hidden, labels on their
// nodes and inside the canvas).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, assert, bridgeCall, emitted, eq, openApp, runCommand, setPickedFolder, shots, startBridge, test, waitForEvent, waitTitle, watch } from "./harness.mjs";

const run = Date.now().toString(36);
const T = (name) => `${name} ${run}`;

const temps = [];
process.on("exit", () => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** freshBridge starts a second e2e bridge on an empty data dir (see startBridge). */
function freshBridge() {
  return startBridge("secondbrain-e2e-fresh-");
}

/**
 * onFresh runs fn with a page of a fresh bridge: a page of its own in the
 * flow's context, watched as the harness watches its page (the harness's
 * page may not leave the shared bridge's origin).
 */
async function onFresh(context, fn) {
  const fresh = await freshBridge();
  const page = await context.newPage();
  const guard = watch(page);
  try {
    await page.goto(fresh.url + "/");
    await fn(page, fresh);
    // The watch counts leaving the shared bridge's origin; this page lives on the fresh one.
    guard.seen.navigations = guard.seen.navigations.filter((u) => !u.startsWith(fresh.url));
    guard.check();
  } finally {
    await page.close().catch(() => {});
    await fresh.stop();
  }
}

const rootBg = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test(
  "firstrun: an empty vault greets with import, a first note and where data lives; theme and panels toggle",
  ({ context }) =>
    onFresh(context, async (page, fresh) => {
      const welcome = page.getByRole("region", { name: "Getting started" });
      await welcome.waitFor({ timeout: 30_000 });
      await page.evaluate(() => window.__e2e.connected);
      // Where the data lives: the data dir, copied with a click.
      const dir = welcome.getByLabel("Data folder", { exact: true });
      await page.waitForFunction((d) => document.querySelector('[aria-label="Data folder"]')?.textContent === d, fresh.dataDir);
      await welcome.getByRole("button", { name: "Copy the data folder's path" }).click();
      await welcome.getByRole("button", { name: "Copy the data folder's path" }).filter({ hasText: "Copied" }).waitFor();
      eq(await page.evaluate(() => window.runtime.ClipboardGetText()), fresh.dataDir, "the clipboard");
      eq(await dir.textContent(), fresh.dataDir, "the data folder shown");
      await page.waitForFunction(() => /PostgreSQL [\d.]+.*, embedded, data in /.test(document.querySelector(".first-run")?.textContent ?? ""), null, { timeout: 10_000 }).catch(async () => {
        throw new Error(`the first-run screen does not name the server: ${await welcome.textContent()}`);
      });

      // The first start told each of its steps (creating the cluster first) before it said ready.
      const started = (await (await fetch(`${fresh.url}/__e2e/log`)).json()).map((e) => (e.name === "backend:progress" ? e.data[0].phase : e.name));
      const readyAt = started.indexOf("backend:ready");
      eq(started.slice(0, readyAt + 1).join(" "), "create sync start database migrate services backend:ready", "the start-up events");
      const startup = await api(page, "SystemAPI", "Startup");
      assert(startup.done && startup.phase === "ready", `Startup() after the start: ${JSON.stringify(startup)}`);

      // The status bar says PostgreSQL · embedded; its details have the full server string.
      const pg = page.getByRole("button", { name: "PostgreSQL · embedded" });
      await pg.click();
      const details = page.getByRole("dialog", { name: "PostgreSQL details" });
      const server = await details.getByLabel("PostgreSQL server").textContent();
      assert(/^PostgreSQL \d+(\.\d+)*.*, embedded, data in /.test(server) && server.includes(fresh.dataDir), `server string: ${server}`);
      await page.screenshot({ path: `${shots}/firstrun-light.png` });
      await page.keyboard.press("Escape");
      await details.waitFor({ state: "detached" });

      // Theme: Ctrl+Shift+T cycles system → light → dark; remembered after a reload.
      const light = await rootBg(page);
      await page.keyboard.press("Control+Shift+T");
      eq(await page.evaluate(() => document.documentElement.dataset.theme), "light", "theme after one press");
      await page.keyboard.press("Control+Shift+T");
      eq(await page.evaluate(() => document.documentElement.dataset.theme), "dark", "theme after two presses");
      assert((await rootBg(page)) !== light, `the background changes with the dark theme: ${light}`);
      await page.reload();
      await welcome.waitFor();
      eq(await page.evaluate(() => document.documentElement.dataset.theme), "dark", "the theme after a reload");
      await page.screenshot({ path: `${shots}/firstrun-dark.png` });
      await page.getByRole("button", { name: "Theme: Dark" }).click();
      eq(await page.evaluate(() => document.documentElement.dataset.theme), "light", "the status bar's theme button goes on to system (light here)");

      // Panels: Ctrl+\ hides the sidebar, the status bar's toggle brings it back; a narrow window collapses it.
      const list = page.getByRole("listbox", { name: "Notes" });
      await page.keyboard.press("Control+Backslash");
      await list.waitFor({ state: "hidden" });
      await page.screenshot({ path: `${shots}/firstrun-no-sidebar.png` });
      await page.getByRole("button", { name: "Toggle sidebar" }).click();
      await list.waitFor({ state: "visible" });
      await page.setViewportSize({ width: 640, height: 700 });
      await list.waitFor({ state: "hidden" });
      await page.screenshot({ path: `${shots}/firstrun-narrow.png` });
      await page.setViewportSize({ width: 1280, height: 800 });
      await list.waitFor({ state: "visible" });

      // Import a folder from the first-run screen: the import dialog opens with the folder picked.
      const src = tempDir("secondbrain-e2e-firstvault-");
      writeFileSync(join(src, `Imported ${run}.md`), "# Imported\n\nfrom the first-run screen\n");
      await fresh.pick(src);
      await welcome.getByRole("button", { name: "Import a folder…" }).click();
      const dialog = page.getByRole("dialog", { name: "Import" });
      await dialog.getByRole("button", { name: "Choose…" }).click();
      await page.waitForFunction((d) => document.querySelector('input[aria-label="Folder to import"]')?.value === d, src);
      await dialog.getByRole("button", { name: "Import", exact: true }).click();
      await dialog.getByLabel("Import report").waitFor({ timeout: 30_000 });
      await dialog.getByRole("button", { name: "Close" }).click();
      // With a note in the vault the first-run screen gives way to the list.
      await welcome.waitFor({ state: "detached" });
      await list.locator(".note-row-title", { hasText: `Imported ${run}` }).waitFor();
    }),
  { timeout: 150_000 },
);

test(
  "firstrun: the first note is written from the first-run screen",
  ({ context }) =>
    onFresh(context, async (page) => {
      const welcome = page.getByRole("region", { name: "Getting started" });
      await welcome.waitFor({ timeout: 30_000 });
      const title = welcome.getByLabel("First note title");
      await title.fill(T("My first note"));
      await title.press("Enter");
      await waitTitle(page, T("My first note"));
      await welcome.waitFor({ state: "detached" });
      await page.getByRole("listbox", { name: "Notes" }).locator(".note-row-title", { hasText: T("My first note") }).waitFor();
    }),
  { timeout: 150_000 },
);

test("firstrun: settings set the editor font and the daily notes, which Ctrl+D uses", async ({ page }) => {
  await openApp(page);
  await page.keyboard.press("Control+,");
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByLabel("Editor font size").fill("19");
  await dialog.getByLabel("Editor font", { exact: true }).selectOption({ label: "Serif" });
  const folder = dialog.getByLabel("Daily notes folder");
  await page.waitForFunction(() => document.querySelector('input[aria-label="Daily notes folder"]')?.value !== "");
  await folder.fill(`days-${run}`);
  await dialog.getByLabel("Daily note date format").fill("2006-01-02 Mon");
  await dialog.getByRole("button", { name: "Save daily notes" }).click();
  await dialog.getByText("Saved.", { exact: true }).waitFor();
  const example = await dialog.getByLabel("Today's daily note").textContent();
  assert(new RegExp(`^days-${run}/\\d{4}-\\d{2}-\\d{2} [A-Z][a-z]{2}$`).test(example), `today's daily note: ${example}`);
  await page.screenshot({ path: `${shots}/firstrun-settings.png` });
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.keyboard.press("Control+d");
  const day = example.split("/")[1];
  await waitTitle(page, day);
  await page.locator(".cm-editor").first().waitFor();
  const size = await page.evaluate(() => getComputedStyle(document.querySelector(".cm-editor")).fontSize);
  eq(size, "19px", "the editor's font size");
  const family = await page.evaluate(() => getComputedStyle(document.querySelector(".cm-scroller")).fontFamily);
  assert(family.includes("Georgia"), `the editor's font: ${family}`);
  // The CLI's `daily` reads the same settings: the note is in the folder set here.
  const today = await api(page, "NotesAPI", "Today");
  eq(today.path, `days-${run}/${day}.md`, "today's note's path");
  // Back to the defaults for the other flows.
  await api(page, "NotesAPI", "SetDailySettings", "journal", "2006-01-02");
});

test("firstrun: export the vault from the palette, renamed files listed", async ({ page }) => {
  await openApp(page);
  // x.md beside the folder x.md/ cannot be written as is: the export renames it.
  await api(page, "NotesAPI", "Create", "x", `exp-${run}`, "# x\n");
  await api(page, "NotesAPI", "Create", "y", `exp-${run}/x.md`, "back to [[x]]\n");
  const out = join(tempDir("secondbrain-e2e-export-"), "vault");
  await setPickedFolder(out);
  await runCommand(page, "export the vault");
  const dialog = page.getByRole("dialog", { name: "Export the vault" });
  const report = dialog.getByRole("status", { name: "Export report" });
  await report.waitFor({ timeout: 30_000 });
  const text = await report.textContent();
  assert(/Exported [\d,]+ notes? and/.test(text), `report: ${text}`);
  assert(text.includes(`exp-${run}/x.md → exp-${run}/x (`), `the renamed file is listed: ${text}`);
  await page.screenshot({ path: `${shots}/firstrun-export.png` });
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
  const files = readdirSync(join(out, `exp-${run}`));
  assert(files.some((f) => /^x \(\d+\)\.md$/.test(f)) && files.includes("x.md"), `exported files: ${files}`);
});

/** labelsDrawn redraws the graph and returns the labels drawn (text, box) and the canvas size. */
function labelsDrawn(page) {
  return page.evaluate(() => {
    const s = window.__e2e.sigma;
    const ctx = s.getCanvases().labels.getContext("2d");
    const drawn = [];
    const fill = ctx.fillText;
    ctx.fillText = function (text, x, y, ...rest) {
      drawn.push({ text, x, y, w: ctx.measureText(text).width });
      return fill.call(this, text, x, y, ...rest);
    };
    try {
      s.refresh();
    } finally {
      ctx.fillText = fill;
    }
    const { width, height } = s.getDimensions();
    const nodes = {};
    s.getGraph().forEachNode((id, a) => {
      const d = s.getNodeDisplayData(id);
      if (d) nodes[a.label] = { ...s.framedGraphToViewport(d), size: s.scaleSize(d.size) };
    });
    return { drawn, width, height, nodes, ratio: s.getCamera().getState().ratio };
  });
}

test(
  "firstrun: the graph opens at depth 1, depth 2 a click away, hubs hide, labels stay on their nodes",
  async ({ page }) => {
    await openApp(page);
    const a = await api(page, "NotesAPI", "Create", T("Hub A"), "", "#hubtag");
    const b = await api(page, "NotesAPI", "Create", T("Hub B"), "", `links [[${a.title}]] #hubtag`);
    await api(page, "NotesAPI", "Create", T("Hub C"), "", `links [[${b.title}]]`);
    await page.getByRole("listbox", { name: "Notes" }).locator(".note-row-title", { hasText: a.title }).first().click();
    await waitTitle(page, a.title);
    await page.keyboard.press("Control+g");
    const view = page.getByRole("region", { name: "Graph view" });
    await view.locator("canvas").first().waitFor();
    const counts = view.locator(".graph-head .muted");
    const depth1 = view.getByRole("button", { name: "Depth 1" });
    eq(await depth1.getAttribute("aria-pressed"), "true", "depth 1 is the default");
    // The drawn graph's nodes joined by links or tags (notes near in meaning
    // join by SIMILAR edges too, depending on what else the run wrote).
    const linked = (want) =>
      page.waitForFunction(
        ({ want }) => {
          const g = window.__e2e.sigma?.getGraph();
          if (!g) return false;
          const labels = new Set();
          g.forEachEdge((_, attr, src, dst) => {
            if (attr.relType === "SIMILAR") return;
            labels.add(g.getNodeAttribute(src, "label"));
            labels.add(g.getNodeAttribute(dst, "label"));
          });
          return Object.entries(want).every(([label, present]) => [...labels].some((l) => l.includes(label)) === present);
        },
        { want },
        { timeout: 10_000 },
      );
    // A, B and the tag at depth 1; C comes in at depth 2.
    await linked({ [a.title]: true, [b.title]: true, hubtag: true, [T("Hub C")]: false });
    await page.screenshot({ path: `${shots}/firstrun-graph-depth1.png` });
    await view.getByRole("button", { name: "Depth 2" }).click();
    await linked({ [a.title]: true, [b.title]: true, hubtag: true, [T("Hub C")]: true });
    await view.getByLabel("Hide tags and daily notes").check();
    await counts.filter({ hasText: /1 tags and daily notes hidden/ }).waitFor();
    await linked({ [a.title]: true, [b.title]: true, hubtag: false, [T("Hub C")]: true });
    await view.getByLabel("Hide tags and daily notes").uncheck();
    await linked({ [a.title]: true, [b.title]: true, hubtag: true, [T("Hub C")]: true });

    // Every label is drawn beside its node, at every zoom.
    for (const ratio of [1, 0.35, 2.5]) {
      await page.evaluate((r) => window.__e2e.sigma.getCamera().setState({ ratio: r }), ratio);
      const { drawn, nodes, width, height } = await labelsDrawn(page);
      for (const l of drawn) {
        const n = nodes[l.text];
        assert(n, `a label ${l.text} of no node`);
        const beside = Math.abs(l.y - (n.y + 13 / 3)) < 14 && (Math.abs(l.x - (n.x + n.size + 3)) < 2 || Math.abs(l.x + l.w - (n.x - n.size - 3)) < 2);
        assert(beside || l.x <= 2.5 || l.x + l.w >= width - 2.5, `ratio ${ratio}: label ${l.text} at ${l.x},${l.y}; its node at ${n.x},${n.y} size ${n.size}`);
        assert(l.x >= 0 && l.x + l.w <= width && l.y >= 0 && l.y <= height, `ratio ${ratio}: label ${l.text} leaves the canvas`);
      }
      assert(drawn.length > 0, `ratio ${ratio}: no label drawn`);
      // Zoomed in, every node on the canvas has its label.
      if (ratio < 1) {
        for (const [label, n] of Object.entries(nodes)) {
          if (n.x > 0 && n.x < width && n.y > 0 && n.y < height) assert(drawn.some((l) => l.text === label), `ratio ${ratio}: ${label} on the canvas has no label`);
        }
      }
      await page.screenshot({ path: `${shots}/firstrun-graph-zoom-${ratio}.png` });
    }
    await page.keyboard.press("Control+g");
    await view.waitFor({ state: "detached" });
  },
  { timeout: 60_000 },
);

test(
  "firstrun: in Everything only the most connected nodes' labels show until zoomed, all inside the canvas",
  async ({ page }) => {
    await openApp(page);
    // A vault of 400 notes around a few hubs.
    const dir = tempDir("secondbrain-e2e-labels-");
    for (let i = 0; i < 400; i++) {
      const hub = `Everything hub ${run} ${i % 8}`;
      writeFileSync(join(dir, `Everything ${run} ${i}.md`), `[[${hub}]] and [[Everything ${run} ${(i + 1) % 400}]]\n`);
    }
    for (let h = 0; h < 8; h++) writeFileSync(join(dir, `Everything hub ${run} ${h}.md`), `hub ${h}\n`);
    const before = (await emitted()).length;
    await bridgeCall("ImportAPI", "Start", dir, "overwrite");
    await waitForEvent((e) => e.name === "import:done", { after: before });

    await page.reload();
    await page.getByRole("listbox", { name: "Notes" }).waitFor();
    await page.keyboard.press("Control+g");
    const view = page.getByRole("region", { name: "Graph view" });
    await view.getByRole("button", { name: "Everything" }).click();
    await page.waitForFunction(() => (window.__e2e.sigma?.getGraph().order ?? 0) >= 400, null, { timeout: 20_000 });
    const whole = await labelsDrawn(page);
    assert(whole.drawn.length > 0, "some labels show");
    const budget = Math.max(12, Math.round((whole.width * whole.height * 40) / 1e6));
    assert(whole.drawn.length <= budget, `unzoomed: ${whole.drawn.length} labels drawn; want at most ${budget}`);
    for (const l of whole.drawn) assert(l.x >= 0 && l.x + l.w <= whole.width && l.y >= 0 && l.y <= whole.height, `label ${l.text} leaves the canvas`);
    assert(whole.drawn.some((l) => l.text.startsWith(`Everything hub ${run}`)), `a hub's label shows: ${whole.drawn.map((l) => l.text)}`);
    await page.screenshot({ path: `${shots}/firstrun-graph-everything.png` });
    await page.evaluate(() => window.__e2e.sigma.getCamera().setState({ ratio: 0.2 }));
    const zoomed = await labelsDrawn(page);
    assert(zoomed.drawn.some((l) => !l.text.startsWith(`Everything hub`)), "zoomed in, the other notes' labels show too");
    for (const l of zoomed.drawn) assert(l.x >= 0 && l.x + l.w <= zoomed.width && l.y >= 0 && l.y <= zoomed.height, `zoomed: label ${l.text} leaves the canvas`);
    await page.screenshot({ path: `${shots}/firstrun-graph-everything-zoomed.png` });
  },
  { timeout: 90_000 },
);

test("firstrun: rename the open note with F2 and from the palette", async ({ page }) => {
  await openApp(page);
  const n = await api(page, "NotesAPI", "Create", T("Rename me"), "", "body\n");
  await page.getByRole("listbox", { name: "Notes" }).locator(".note-row-title", { hasText: n.title }).first().click();
  await waitTitle(page, n.title);
  await page.locator(".cm-content").first().click();
  await page.keyboard.press("F2");
  // The whole title is selected: typing replaces it.
  await page.keyboard.type(T("Renamed once"));
  await page.keyboard.press("Enter");
  await page.waitForFunction(async (id) => (await window.go.app.NotesAPI.Get(id)).title.startsWith("Renamed once"), n.id);
  await runCommand(page, "rename note");
  await page.keyboard.type(T("Renamed twice"));
  await page.keyboard.press("Enter");
  await page.waitForFunction(async (id) => (await window.go.app.NotesAPI.Get(id)).title.startsWith("Renamed twice"), n.id);
  await waitTitle(page, T("Renamed twice"));
});
