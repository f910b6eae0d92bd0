// The end-to-end flows: what a person does in the app, driven through the UI
// where the UI has it and through the bound API (with a TODO) where it does
// not yet. Every flow runs against the real backend behind the e2e bridge.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  api,
  assert,
  BASE,
  editor,
  editorText,
  emitted,
  eq,
  escapeRe,
  exists,
  newNote,
  openApp,
  openFromList,
  runCommand,
  setPickedFolder,
  shots,
  test,
  typeAtEnd,
  waitForEvent,
  waitSaved,
  waitTitle,
} from "./harness.mjs";

// A run's notes get unique titles, so flows never see each other's notes.
const run = Date.now().toString(36);
const T = (name) => `${name} ${run}`;

/** openPalette opens the command palette with Ctrl+K. */
async function openPalette(page) {
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Command palette" });
  await dialog.waitFor({ timeout: 5000 });
  return dialog;
}

/** openQuickSwitcher opens the quick switcher with Ctrl+O. */
async function openQuickSwitcher(page) {
  await page.keyboard.press("Control+o");
  const dialog = page.getByRole("dialog", { name: "Quick switcher" });
  await dialog.waitFor({ timeout: 5000 });
  return dialog;
}

/** switchTo opens the note titled title through the quick switcher. */
async function switchTo(page, title) {
  const qs = await openQuickSwitcher(page);
  await qs.getByRole("textbox", { name: "Note title" }).fill(title);
  await qs.getByRole("option", { name: new RegExp(`^${escapeRe(title)}`) }).first().click();
  await waitTitle(page, title);
}

/** notePane is the open note's pane: title, its buttons and the editor. */
function notePane(page) {
  return page.getByRole("region", { name: "Note", exact: true });
}

/** rightPanel is the panel with backlinks, mentions, outgoing links and related notes. */
function rightPanel(page) {
  return page.getByRole("complementary", { name: "Links and properties" });
}

/** panelSection is one section of the right panel: "Backlinks", "Outgoing links", "Related"… */
function panelSection(page, name) {
  return rightPanel(page).getByRole("region", { name, exact: true });
}

/** readingView switches the open note to the reading view (Ctrl+E). */
async function readingView(page) {
  const view = page.getByRole("article", { name: "Reading view" });
  if (!(await exists(view))) await notePane(page).getByRole("button", { name: "Read", exact: true }).click();
  await view.locator(".reading-body").waitFor();
  return view;
}

/** searchBox shows the sidebar's search (Ctrl+Shift+F) and returns its input. */
async function searchBox(page) {
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const box = page.getByRole("searchbox", { name: "Search notes" });
  await box.waitFor();
  return box;
}

/** showGraph opens the graph view of the open note (Ctrl+G) and waits for its canvas. */
async function showGraph(page) {
  await notePane(page).getByRole("button", { name: "Graph", exact: true }).click();
  const view = page.getByRole("region", { name: "Graph view" });
  await view.locator("canvas").first().waitFor();
  return view;
}

test("create a note, type, autosave, reload and see it persisted", async ({ page }) => {
  await openApp(page);
  const title = T("Alpha");
  await newNote(page, title);
  await typeAtEnd(page, "Hello from the e2e harness.");
  await waitSaved(page);
  await page.reload();
  await page.getByRole("listbox", { name: "Notes" }).waitFor();
  await openFromList(page, title);
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("Hello from the e2e harness."));
  const page1 = await api(page, "NotesAPI", "List", "updated", 0, 50, false);
  const n = page1.notes.find((x) => x.title === title);
  assert(n, "the new note is in NotesAPI.List");
  const stored = await api(page, "NotesAPI", "Get", n.id);
  assert(stored.body.includes("Hello from the e2e harness."), `stored body ${JSON.stringify(stored.body)}`);
});

test("link two notes with [[...]], see the backlink, rename rewrites the link", async ({ page }) => {
  await openApp(page);
  const target = T("Target");
  const source = T("Source");
  await newNote(page, target);
  await typeAtEnd(page, "The target note.");
  await waitSaved(page);
  await newNote(page, source);
  // Typing [[ may open title completion; type the link then close any popup.
  await typeAtEnd(page, `See [[${target}`);
  await page.keyboard.press("Escape");
  await page.keyboard.type("]] for more.");
  await waitSaved(page);
  const text = await editorText(page);
  assert(text.includes(`[[${target}]]`), `source text ${JSON.stringify(text)}`);

  const list = await api(page, "NotesAPI", "List", "updated", 0, 100, false);
  const t = list.notes.find((x) => x.title === target);
  const s = list.notes.find((x) => x.title === source);
  const back = await api(page, "NotesAPI", "Backlinks", t.id);
  assert(back.some((b) => b.source_id === s.id), `backlinks of target: ${JSON.stringify(back)}`);

  // The source's panel lists the link out; the target's lists the backlink, which opens the source.
  const out = panelSection(page, "Outgoing links").getByRole("button", { name: target, exact: true });
  await out.waitFor();
  await openFromList(page, target);
  const link = panelSection(page, "Backlinks").getByRole("button", { name: source, exact: true });
  await link.waitFor();
  await link.click();
  await waitTitle(page, source);
  // The wikilink in the reading view opens the target.
  const reading = await readingView(page);
  await reading.locator("a.wikilink", { hasText: target }).click();
  await waitTitle(page, target);
  await notePane(page).getByRole("button", { name: "Read", exact: true }).click(); // back to the editor
  await editor(page).waitFor();

  // Rename the target through its title field; the link in the source follows.
  const renamed = T("Target renamed");
  const field = page.getByLabel("Title", { exact: true });
  await field.fill(renamed);
  await field.press("Enter");
  await page.locator(".note-row-title", { hasText: renamed }).first().waitFor();
  const got = await api(page, "NotesAPI", "Get", s.id);
  assert(got.body.includes(`[[${renamed}]]`), `source after rename: ${JSON.stringify(got.body)}`);
  const back2 = await api(page, "NotesAPI", "Backlinks", t.id);
  assert(back2.some((b) => b.source_id === s.id), "the backlink survives the rename");
  await openFromList(page, source);
  await page.waitForFunction((r) => document.querySelector(".cm-content")?.textContent?.includes(`[[${r}]]`), renamed);
});

test("related notes: the panel says why, reason by reason", async ({ page }) => {
  await openApp(page);
  const tag = `proof${run}`;
  const starter = T("Sourdough starter");
  const bread = T("Country bread");
  const other = T("Rye loaf");
  await api(page, "NotesAPI", "Create", starter, "", `Wild yeast and flour, fed daily. #${tag}\n`);
  await api(page, "NotesAPI", "Create", bread, "", `Leavened with [[${starter}]], baked hot. #${tag}\n`);
  await api(page, "NotesAPI", "Create", other, "", `Dense and sour, also uses [[${starter}]].\n`);
  await page.reload();
  await openFromList(page, bread);
  const related = panelSection(page, "Related");
  const row = related.locator("li.related-note").filter({ has: page.getByRole("button", { name: starter, exact: true }) });
  await row.waitFor();
  const chips = await row.locator(".why-chip").allTextContents();
  assert(chips.includes("linked from here"), `reasons for ${starter}: ${JSON.stringify(chips)}`);
  assert(chips.includes(`#${tag}`), `reasons for ${starter}: ${JSON.stringify(chips)}`);
  // The rye loaf links to the same starter: a shared neighbour, named.
  const rye = related.locator("li.related-note").filter({ has: page.getByRole("button", { name: other, exact: true }) });
  await rye.locator(".why-chip", { hasText: `both link to ${starter}` }).waitFor();
  await rye.getByRole("button", { name: other, exact: true }).click();
  await waitTitle(page, other);
});

test("history: see an old version and restore it", async ({ page }) => {
  await openApp(page);
  const title = T("Versions");
  await newNote(page, title);
  await typeAtEnd(page, "first draft");
  await waitSaved(page);
  await page.keyboard.press("Control+a");
  await page.keyboard.type("second draft");
  await waitSaved(page);
  await notePane(page).getByRole("button", { name: "History", exact: true }).click();
  const history = page.getByRole("complementary", { name: "History" });
  await history.waitFor();
  // v1 is the empty note, v2 "first draft", v3 "second draft".
  await history.getByRole("button", { name: /^v2\b/ }).click();
  // The diff against the current text: v2's line removed, today's line added.
  const diff = history.getByRole("table", { name: "Changes from version 2 to the current text" });
  await diff.getByRole("row", { name: "removed" }).filter({ hasText: "first draft" }).waitFor();
  await diff.getByRole("row", { name: "added" }).filter({ hasText: "second draft" }).waitFor();
  await history.getByText("From version 2 to now: +1 added, −1 removed").waitFor();
  await history.getByRole("button", { name: "Text", exact: true }).click();
  await history.getByLabel("Version 2 text").filter({ hasText: "first draft" }).waitFor();
  await history.getByRole("button", { name: "Restore this version" }).click();
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent === "first draft");
  await waitSaved(page);
  const list = await api(page, "NotesAPI", "List", "updated", 0, 100, false);
  const n = await api(page, "NotesAPI", "Get", list.notes.find((x) => x.title === title).id);
  eq(n.body, "first draft", "restored body");
  eq(n.version, 4, "version after restore");
  await history.getByRole("button", { name: /^v4\b/ }).waitFor();
});

test("folders: the tree counts notes, filters the list and reveals the open note's folder", async ({ page }) => {
  const top = `projects-${run}`;
  await openApp(page);
  await api(page, "NotesAPI", "Create", T("Plan"), `${top}/alpha`, "the plan");
  await api(page, "NotesAPI", "Create", T("Budget"), `${top}/alpha`, "the money");
  await api(page, "NotesAPI", "Create", T("Roadmap"), `${top}/beta/later`, "the road");
  await page.reload();
  await page.getByRole("listbox", { name: "Notes" }).waitFor();
  const tree = page.getByRole("tree", { name: "Folders" });
  const projects = tree.getByRole("treeitem", { name: `${top}, 3 notes` });
  await projects.waitFor();
  eq(await projects.getAttribute("aria-expanded"), "false", "a folder starts collapsed");
  await tree.getByRole("button", { name: `Expand ${top}` }).click();
  await tree.getByRole("treeitem", { name: "beta, 1 notes" }).waitFor();

  // Picking a folder filters the list to it.
  await tree.getByRole("treeitem", { name: "alpha, 2 notes" }).click();
  await page.locator(".sidebar-sub").filter({ hasText: /^2 notes in alpha/ }).waitFor();
  const list = page.getByRole("listbox", { name: "Notes" });
  await list.locator(".note-row-title", { hasText: T("Plan") }).waitFor();
  eq(await list.locator(".note-row").count(), 2, "rows in alpha");

  // A folder includes its subfolders; the rows say which one.
  await projects.click();
  await page.locator(".sidebar-sub").filter({ hasText: /^3 notes in / }).waitFor();
  await list.locator(".note-row", { hasText: T("Roadmap") }).locator(".note-row-folder", { hasText: "beta/later" }).waitFor();

  // Opening a note reveals (expands and marks) its folder.
  await openFromList(page, T("Roadmap"));
  await tree.locator(".folder-row.holds-open", { hasText: "later" }).waitFor();
  await page.getByRole("button", { name: "Show all notes" }).click();
  await tree.getByRole("treeitem", { name: /^All notes/ }).and(page.locator('[aria-selected="true"]')).waitFor();
  await page.locator(".sidebar-sub .folder-filter").waitFor({ state: "detached" });
  // The unfiltered list arrives after the filter goes: wait for it.
  await page.waitForFunction(() => document.querySelectorAll('[role="listbox"][aria-label="Notes"] .note-row').length >= 3, null, { timeout: 5000 })
    .catch(() => assert(false, "every note is listed again"));
});

test("status bar: indexing progress, pause and resume, details; test the embedder", async ({ page }) => {
  await openApp(page);
  const bar = page.getByRole("contentinfo");
  const embeddings = bar.getByLabel("Embeddings status");
  await embeddings.filter({ hasText: /^Embeddings \d[\d,]*\/\d[\d,]*/ }).waitFor({ timeout: 15_000 });

  await bar.getByRole("button", { name: "Pause indexing" }).click();
  await bar.getByRole("button", { name: "Resume indexing" }).waitFor();
  await embeddings.filter({ hasText: "paused" }).waitFor();
  eq((await api(page, "SettingsAPI", "Status")).indexer.paused, true, "indexer paused after the click");
  await bar.getByRole("button", { name: "Resume indexing" }).click();
  await bar.getByRole("button", { name: "Pause indexing" }).waitFor();
  eq((await api(page, "SettingsAPI", "Status")).indexer.paused, false, "indexer running after resume");

  // A click on the status opens the details: the settings' status, where the embedder is tested.
  await bar.getByTitle("Indexing and projection details").click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByLabel("Embeddings status").filter({ hasText: /notes indexed/ }).waitFor();
  eq(await dialog.getByLabel("Embedder", { exact: true }).inputValue(), "builtin", "embedder in force");
  await dialog.getByRole("button", { name: "Test embedder connection" }).click();
  await dialog.getByRole("status").filter({ hasText: /^Works: .+, \d+ dimensions$/ }).waitFor({ timeout: 20_000 });
  // An endpoint nobody runs fails with a message, and a new model warns of the re-embed.
  await dialog.getByLabel("Embedder", { exact: true }).selectOption("ollama");
  await dialog.getByLabel("Embedder URL").fill("http://127.0.0.1:1");
  await dialog.getByLabel("Embedder model").fill("nomic-embed-text");
  await dialog.getByLabel("Embedder dimension").fill("768");
  await dialog.getByRole("note").filter({ hasText: "embedded again in the background" }).waitFor();
  await dialog.getByRole("button", { name: "Test embedder connection" }).click();
  await dialog.getByRole("status").filter({ hasText: /does not answer/ }).waitFor({ timeout: 20_000 });
  // The ONNX transformer lists its models; the endpoint's model name is not carried over.
  await dialog.getByLabel("Embedder", { exact: true }).selectOption("onnx");
  const onnxModel = dialog.getByLabel("ONNX model");
  eq(await onnxModel.inputValue(), "", "the ONNX model starts at all-MiniLM-L6-v2");
  await onnxModel.selectOption("bge-small-en-v1.5");
  await dialog.getByRole("note").filter({ hasText: "embedded again in the background" }).waitFor();
  await dialog.getByRole("button", { name: "Test embedder connection" }).click();
  // It works where the model was fetched, and says where it looked where it was not.
  await dialog.getByRole("status").filter({ hasText: /bge-small-en-v1\.5/ }).waitFor({ timeout: 20_000 });
  await onnxModel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/settings-onnx-model.png` });
  // The snippet that connects an MCP client is in Settings too.
  const snippet = dialog.getByLabel("Client configuration");
  await snippet.scrollIntoViewIfNeeded();
  const client = JSON.parse(await snippet.innerText());
  eq(client.mcpServers.secondbrain.args[0], "mcp", "the client snippet runs `secondbrain mcp`");
  await dialog.getByRole("button", { name: "Close" }).click();
});

test("search, quick switcher and command palette", async ({ page }) => {
  await openApp(page);
  const title = T("Searchable");
  const word = `zebracorn${run}`;
  const n = await api(page, "NotesAPI", "Create", title, "", `A note about the ${word} of the plains.`);
  const hits = await api(page, "SearchAPI", "Search", { text: word, mode: "lexical", limit: 10 });
  assert(hits.some((h) => h.id === n.id), `SearchAPI.Search hits ${JSON.stringify(hits)}`);
  assert(hits[0].snippet.includes("<mark>"), `snippet highlights: ${hits[0].snippet}`);

  const box = await searchBox(page);
  await box.fill(word);
  const result = page.getByRole("list", { name: "Search results" }).getByRole("button", { name: new RegExp(escapeRe(title)) });
  await result.waitFor();
  eq(await page.locator(".search-results mark").first().textContent(), word, "the highlighted match");
  await result.click();
  await waitTitle(page, title);

  const titles = await api(page, "SearchAPI", "Titles", title.slice(0, 8), 20);
  assert(titles.some((m) => m.id === n.id), `SearchAPI.Titles ${JSON.stringify(titles)}`);
  await page.getByRole("button", { name: "Notes", exact: true }).click();
  const other = await api(page, "NotesAPI", "Create", T("Elsewhere"), "", "");
  await openFromList(page, other.title);
  // Keep the pointer off the list: hovering an option selects it.
  await page.mouse.move(1, 790);
  const qs = await openQuickSwitcher(page);
  await qs.getByRole("textbox", { name: "Note title" }).fill(title);
  // Keyboard only: the best match is the selected first option; Enter opens it.
  await qs.getByRole("option", { name: new RegExp(`^${escapeRe(title)}`), selected: true }).waitFor();
  await page.waitForTimeout(300); // let as-you-type results settle before Enter
  await qs.getByRole("option", { name: new RegExp(`^${escapeRe(title)}`), selected: true }).waitFor();
  await page.keyboard.press("Enter");
  await waitTitle(page, title);

  // The palette lists every action with its shortcut, and runs them.
  const palette = await openPalette(page);
  const count = await palette.getByRole("option").count();
  assert(count >= 10, `the command palette lists ${count} commands`);
  assert(await exists(palette.getByRole("option", { name: /Ctrl\+O/ })), "the palette shows the quick switcher's shortcut");
  await palette.getByRole("textbox", { name: "Command" }).fill("reading");
  await page.keyboard.press("Enter");
  await page.getByRole("article", { name: "Reading view" }).waitFor();
  await page.keyboard.press("Control+e");
  await editor(page).waitFor();
});

test("graph: local and global", async ({ page }) => {
  await openApp(page);
  const a = await api(page, "NotesAPI", "Create", T("Graph A"), "", "");
  const b = await api(page, "NotesAPI", "Create", T("Graph B"), "", `Links to [[${a.title}]].`);
  const local = await api(page, "GraphAPI", "Local", a.id, 1, []);
  const ids = local.nodes.map((x) => x.id);
  assert(ids.includes(a.id) && ids.includes(b.id), `local graph of A: ${JSON.stringify(local.nodes)}`);
  assert(local.edges.length >= 1, "the local graph has the link");
  const path = await api(page, "GraphAPI", "Path", b.id, a.id);
  eq(path.length, 2, "path length B → A");
  const global = await api(page, "GraphAPI", "Global", 50000);
  assert(global.nodes.some((x) => x.id === a.id), "the global graph has A");

  await openFromList(page, a.title);
  const view = await showGraph(page);
  const counts = view.locator(".graph-head .muted");
  await view.getByRole("button", { name: "Everything" }).click();
  await view.getByRole("group", { name: "Depth" }).waitFor({ state: "detached" });
  await view.getByRole("button", { name: "This note" }).click();
  await view.getByRole("button", { name: "Depth 2" }).click();
  await counts.first().waitFor();
  await view.locator("canvas").first().waitFor();
  await page.getByRole("button", { name: "Close graph" }).click();
  await view.waitFor({ state: "detached" });
});

/** importThroughDialog imports dir through the palette's Import dialog and returns the import:done event. */
async function importThroughDialog(page, dir, { watchProgress = false } = {}) {
  await setPickedFolder(dir);
  const before = (await emitted()).length;
  await runCommand(page, "import");
  const dialog = page.getByRole("dialog", { name: "Import" });
  await dialog.getByRole("button", { name: "Choose…" }).click();
  await page.waitForFunction((d) => document.querySelector('input[aria-label="Folder to import"]')?.value === d, dir);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  if (watchProgress) {
    await dialog.getByRole("progressbar", { name: "Import progress" }).waitFor();
    assert(await exists(dialog.getByRole("button", { name: "Cancel" })), "a running import can be canceled");
  }
  const done = await waitForEvent((e) => e.name === "import:done", { after: before });
  const report = dialog.getByLabel("Import report");
  try {
    await report.waitFor({ timeout: 5000 });
  } catch {
    throw new Error(
      "the Import dialog did not show the report although import:done was emitted: " +
        "it subscribes to import:done only after ImportAPI.Start returns, so a job that ends first is missed",
    );
  }
  return { dialog, report, done, before };
}

const vaults = [];
process.on("exit", () => vaults.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** vault writes files (path → content) into a fresh folder, removed when the run ends. */
function vault(files) {
  const dir = mkdtempSync(join(tmpdir(), "secondbrain-e2e-vault-"));
  vaults.push(dir);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

test("import a folder with progress, cancel and a report", async ({ page }) => {
  await openApp(page);
  const files = {
    [`Imported ${run}.md`]: `# Imported\n\nKnows [[Ada ${run}]] and [[Nobody ${run}]].\n`,
    [`people/Ada ${run}.md`]: `---\ntype: person\n---\nAda wrote the first program.\n`,
    "image.bin": "not a note",
  };
  // Enough notes that the progress bar is seen.
  for (let i = 0; i < 1500; i++) files[`bulk/Bulk ${run} ${i}.md`] = `Bulk note ${i} links [[Bulk ${run} ${(i + 1) % 1500}]].\n`;
  const { dialog, report, done, before } = await importThroughDialog(page, vault(files), { watchProgress: true });
  const rep = done.data[0].report;
  assert(rep, `import:done has a report: ${JSON.stringify(done.data[0])}`);
  assert(rep.unresolved.some((u) => u.target === `Nobody ${run}`), `the report lists the unresolved link: ${JSON.stringify(rep.unresolved.slice(0, 5))}`);
  assert(rep.skipped.some((f) => f.path === "image.bin"), `the report lists the skipped file: ${JSON.stringify(rep.skipped)}`);
  await report.getByText(/unresolved links$/).click();
  if (rep.unresolved.findIndex((u) => u.target === `Nobody ${run}`) < 500) await report.getByText(`→ Nobody ${run}`).waitFor();
  await report.getByText("image.bin").waitFor();
  eq(done.data[0].report.created, 1502, "notes created");
  await dialog.getByRole("button", { name: "Close" }).click();
  // The page got the same events through the bridge's event stream.
  await page.waitForFunction(() => window.__e2e.received.some((e) => e.name === "import:done"));
  assert((await emitted()).slice(before).some((e) => e.name === "import:progress"), "import:progress events were emitted");
  await switchTo(page, `Imported ${run}`);
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("Knows"));
  await panelSection(page, "Outgoing links").getByRole("button", { name: `Ada ${run}`, exact: true }).waitFor();
});

test("import: a folder that imports at once still shows its report", async ({ page }) => {
  await openApp(page);
  const { report } = await importThroughDialog(page, vault({ [`Quick ${run}.md`]: "One quick note.\n" }));
  await report.getByText(/1 notes? \(1 new/).waitFor();
});

// ---- hostile notes ----

// Each payload would set window.__pwned (or call alert) if it ever ran.
const hostileBody = [
  "# Hostile",
  "",
  `<script>window.__pwned = "script"; alert("script")</script>`,
  `<img src="x" onerror="window.__pwned = 'img-onerror'; alert('img')">`,
  `<img src=x onerror=window.__pwned=1>`,
  `[a markdown link](javascript:window.__pwned='md-link';alert('md-link'))`,
  `<a href="javascript:window.__pwned='a-href';alert('a-href')">an html link</a>`,
  `<a href="JaVaScRiPt:window.__pwned='a-case'">mixed case</a>`,
  `<a href="&#106;avascript:window.__pwned='a-entity'">entity</a>`,
  `<iframe src="javascript:parent.__pwned='iframe'"></iframe>`,
  `<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>`,
  `<object data="javascript:parent.__pwned='object'"></object>`,
  `<embed src="javascript:parent.__pwned='embed'">`,
  `<svg onload="window.__pwned='svg'"><circle r="5"/></svg>`,
  `<details open ontoggle="window.__pwned='details'">details</details>`,
  `<div onmouseover="window.__pwned='mouseover'">hover me</div>`,
  `<form action="javascript:window.__pwned='form'"><button>submit</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">`,
  `<style>body{background:url("javascript:window.__pwned='style'")}</style>`,
  `[external](https://example.com/hostile)`,
  "",
  "#hostile",
].join("\n\n"); // a blank line between payloads: each is its own Markdown block

const hostileTitle = `<img src=x onerror=window.__pwned='title'> ${run}`;

/** assertInert checks nothing from the hostile note ran or made it into the DOM as live markup. */
async function assertInert(page, guard, where) {
  await page.waitForTimeout(300); // give onerror / onload a chance to fire
  const found = await page.evaluate(() => {
    const root = document.getElementById("root");
    const bad = [];
    for (const el of root.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      if (["script", "iframe", "object", "embed", "frame", "frameset", "meta", "base", "form", "style"].includes(tag)) bad.push(tag);
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${tag}[${a.name}]`);
        if (/^\s*javascript:/i.test(a.value) && /^(href|src|data|action|formaction|xlink:href)$/i.test(a.name)) bad.push(`${tag}[${a.name}=${a.value}]`);
      }
    }
    return { pwned: window.__pwned, bad };
  });
  assert(found.pwned === undefined, `${where}: a payload ran (window.__pwned = ${JSON.stringify(found.pwned)})`);
  assert(found.bad.length === 0, `${where}: live hostile markup in the DOM: ${found.bad.join(", ")}`);
  guard.check();
}

test("hostile-note detector: a payload that runs is noticed", async ({ page, guard }) => {
  await openApp(page);
  await page.evaluate(() => {
    const d = document.createElement("div");
    d.innerHTML = `<img src="x" onerror="window.__pwned = 'canary'">`;
    document.getElementById("root").appendChild(d);
  });
  let caught = "";
  await assertInert(page, guard, "canary").catch((e) => (caught = String(e)));
  assert(caught.includes("canary") && caught.includes("a payload ran"), `the detector missed a payload that ran: ${caught || "no error"}`);
  await page.evaluate(() => setTimeout(() => alert("canary"), 0));
  await page.waitForTimeout(200);
  assert(guard.seen.dialogs.length === 1, "the guard saw the canary's alert");
  guard.seen.dialogs.length = 0;
});

test(
  "hostile notes: nothing from a note ever runs, in every view",
  async ({ page, guard }) => {
    await openApp(page);
    const other = await api(page, "NotesAPI", "Create", T("Hostile target"), "", "Target of a hostile link.");
    await api(page, "NotesAPI", "Create", hostileTitle, "", `${hostileBody}\n\nLinks [[${other.title}]] <img src=x onerror=window.__pwned='context'>`);
    await page.reload();
    await page.getByRole("listbox", { name: "Notes" }).waitFor();
    await assertInert(page, guard, "note list with a hostile title");

    // Editor (Markdown source).
    await openFromList(page, hostileTitle);
    await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("Hostile"));
    await assertInert(page, guard, "editor");
    const title = await page.getByLabel("Title", { exact: true }).inputValue();
    eq(title, hostileTitle, "the hostile title shows as text");

    // Reading view: rendered Markdown through DOMPurify.
    const reading = await readingView(page);
    await assertInert(page, guard, "reading view");
    // Hover and click every link but the wikilink (which opens another note): nothing runs,
    // the window stays, and only the web link reaches the system browser.
    const links = reading.locator(".reading-body a:not(.wikilink)");
    const n = await links.count();
    assert(n >= 3, `the reading view keeps ${n} of the links as inert text links`);
    for (let i = 0; i < n; i++) {
      const a = links.nth(i);
      const label = await a.textContent();
      await a.hover();
      await a.click();
      await assertInert(page, guard, `reading view after clicking "${label}"`);
    }
    const opened = await page.evaluate(() => window.__e2e.openedURLs);
    eq(JSON.stringify(opened), JSON.stringify(["https://example.com/hostile"]), "URLs sent to the system browser");
    await notePane(page).getByRole("button", { name: "Read", exact: true }).click();

    // History: the version shown read-only.
    await notePane(page).getByRole("button", { name: "History", exact: true }).click();
    const history = page.getByRole("complementary", { name: "History" });
    await history.getByRole("button", { name: /^v1\b/ }).click();
    // The changes view first (the default), then the version's whole text.
    await history.locator(".history-diff, .history-body").first().waitFor();
    await assertInert(page, guard, "history changes view");
    await history.getByRole("button", { name: "Text", exact: true }).click();
    await history.getByLabel("Version 1 text").waitFor();
    await assertInert(page, guard, "history version view");
    await notePane(page).getByRole("button", { name: "History", exact: true }).click();

    // The graph labels the hostile note by its title.
    await showGraph(page);
    await page.waitForTimeout(500);
    await assertInert(page, guard, "graph view");
    await page.getByRole("button", { name: "Close graph" }).click();

    // The other note's backlinks show the hostile note's title and context.
    await openFromList(page, other.title);
    await panelSection(page, "Backlinks").getByRole("button", { name: hostileTitle }).waitFor();
    await assertInert(page, guard, "backlinks panel");

    // Search results: snippets are HTML from the backend, sanitized to <mark>.
    const box = await searchBox(page);
    for (const q of ["onerror", "javascript", "script", "iframe"]) {
      await box.fill(q);
      await page.getByRole("list", { name: "Search results" }).getByRole("button").first().waitFor();
      await assertInert(page, guard, `search results for ${q}`);
    }
    await page.getByRole("button", { name: "Notes", exact: true }).click();

    // The quick switcher lists the hostile title.
    const qs = await openQuickSwitcher(page);
    await qs.getByRole("textbox", { name: "Note title" }).fill("img src");
    await qs.getByRole("option", { name: new RegExp(escapeRe(hostileTitle)) }).first().waitFor();
    await assertInert(page, guard, "quick switcher");
    await page.keyboard.press("Escape");
    await assertInert(page, guard, "at the end");
  },
  { timeout: 60_000 },
);

test("hostile attachments: an SVG or HTML file never runs in the app's origin", async ({ page, guard }) => {
  await openApp(page);
  const b64 = (s) => Buffer.from(s).toString("base64");
  const svg = await api(page, "NotesAPI", "Attach", `evil-${run}.svg`, b64(`<svg xmlns="http://www.w3.org/2000/svg" onload="top.__pwned='svg-attachment'"><script>top.__pwned='svg-script'</script></svg>`));
  const html = await api(page, "NotesAPI", "Attach", `evil-${run}.html`, b64(`<script>top.__pwned='html-attachment';alert('html')</script>`));
  // HTML under an image name: served as an image with nosniff, so it never becomes a page.
  const fake = await api(page, "NotesAPI", "Attach", `evil-${run}.png`, b64(`<html><script>top.__pwned='fake-png'</script></html>`));
  const body = [
    "# Attachments",
    svg.markdown,
    html.markdown,
    fake.markdown,
    `<img src="/${encodeURI(svg.path)}">`,
    `<a href="/attachments/${encodeURIComponent(`evil-${run}.html`)}">open the html</a>`,
    `<iframe src="/attachments/${encodeURIComponent(`evil-${run}.html`)}"></iframe>`,
    `<object data="/attachments/${encodeURIComponent(`evil-${run}.svg`)}"></object>`,
  ].join("\n\n");
  const note = await api(page, "NotesAPI", "Create", T("Evil attachments"), "", body);
  await openFromList(page, note.title);
  await assertInert(page, guard, "editor with hostile attachments");
  const reading = await readingView(page);
  await assertInert(page, guard, "reading view with hostile attachments");
  for (const a of await reading.locator(".reading-body a:not(.wikilink)").all()) {
    await a.click();
    await assertInert(page, guard, "after clicking an attachment link");
  }
  // Served as downloads, sandboxed, never sniffed.
  for (const name of [`evil-${run}.svg`, `evil-${run}.html`]) {
    const res = await page.request.get(`${BASE}/attachments/${encodeURIComponent(name)}`);
    eq(res.status(), 200, `GET ${name}`);
    const h = res.headers();
    eq(h["content-type"], "application/octet-stream", `${name} content-type`);
    assert(/^attachment/.test(h["content-disposition"] || ""), `${name} is a download: ${h["content-disposition"]}`);
    assert(/sandbox/.test(h["content-security-policy"] || ""), `${name} is sandboxed: ${h["content-security-policy"]}`);
    eq(h["x-content-type-options"], "nosniff", `${name} nosniff`);
  }
  await assertInert(page, guard, "at the end");
});
