// e2e flows of finding a note by its name and of importing with its times:
// the search panel puts the note whose title is the query first (Words and
// Both), whatever long notes say; an import keeps the files' times and its
// report lists the embedded files that are missing.
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, assert, emitted, eq, escapeRe, openApp, setPickedFolder, test, waitForEvent, waitTitle } from "./harness.mjs";

const run = Date.now().toString(36);

/** searchBox shows the sidebar's search and returns its input. */
async function searchBox(page) {
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const box = page.getByRole("searchbox", { name: "Search notes" });
  await box.waitFor();
  return box;
}

/** firstResultTitle waits until the results settle on a first hit and returns its title. */
async function firstResultTitle(page, want) {
  const results = page.getByRole("list", { name: "Search results" });
  try {
    await page.waitForFunction(
      (t) => {
        const list = document.querySelector('ul[aria-label="Search results"]');
        return list?.getAttribute("aria-busy") === "false" && list.querySelector(".result-title")?.textContent === t;
      },
      want,
      { timeout: 10_000 },
    );
  } catch {
    // Fall through: the assertion below names what came first instead.
  }
  return (await results.locator(".result-title").first().textContent()) ?? "";
}

test("known items: a note's own title comes first in search, by words and by both", async ({ page }) => {
  await openApp(page);
  const name = `Quillfen ${run}`;
  const short = await api(page, "NotesAPI", "Create", name, "", "A small place.");
  const long = await api(page, "NotesAPI", "Create", `${name} chronicle`, "", `${name} was quiet. `.repeat(300));
  for (let i = 0; i < 8; i++) {
    await api(page, "NotesAPI", "Create", `Quillfen day ${run} ${i}`, "", `Read [[${long.title}]]: ${name}, ${name}, ${name}.`);
  }
  const box = await searchBox(page);
  await box.fill(name);
  eq(await firstResultTitle(page, name), name, "the first result by words");
  await page.getByRole("group", { name: "Search mode" }).getByRole("button", { name: "Both" }).click();
  eq(await firstResultTitle(page, name), name, "the first result by both");
  // A typo still finds it.
  await page.getByRole("group", { name: "Search mode" }).getByRole("button", { name: "Words" }).click();
  await box.fill(`Quilfen ${run}`);
  eq(await firstResultTitle(page, name), name, "the first result for a typo");
  // Enter opens the first result.
  await box.fill(name);
  eq(await firstResultTitle(page, name), name, "the first result again");
  await box.press("Enter");
  await waitTitle(page, name);
  assert(short.id, "the note was created");
});

const vaults = [];
process.on("exit", () => vaults.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** openImport opens the Import dialog from the command palette. */
async function openImport(page) {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.waitFor({ timeout: 5000 });
  await palette.getByRole("textbox", { name: "Command" }).fill("import");
  await palette.getByRole("option").first().click();
  const dialog = page.getByRole("dialog", { name: "Import" });
  await dialog.waitFor();
  return dialog;
}

test("known items: imported notes keep their files' times; missing embeds are reported", async ({ page }) => {
  await openApp(page);
  const dir = mkdtempSync(join(tmpdir(), "secondbrain-e2e-times-"));
  vaults.push(dir);
  mkdirSync(join(dir, "trips"));
  const trip = join(dir, "trips", `Trip ${run}.md`);
  writeFileSync(trip, `# Trip\n\n![[photo ${run}.png]]\n`);
  const old = new Date("2020-06-15T10:00:00Z");
  utimesSync(trip, old, old);
  writeFileSync(join(dir, `Dated ${run}.md`), `---\ncreated: 2018-02-03T04:05:06Z\nupdated: 2019-03-04T05:06:07Z\n---\nbody\n`);

  await setPickedFolder(dir);
  const before = (await emitted()).length;
  const dialog = await openImport(page);
  await dialog.getByRole("button", { name: "Choose…" }).click();
  await page.waitForFunction((d) => document.querySelector('input[aria-label="Folder to import"]')?.value === d, dir);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  const done = await waitForEvent((e) => e.name === "import:done", { after: before });
  const rep = done.data[0].report;
  eq(rep.created, 2, "notes created");
  eq(JSON.stringify(rep.missing_embeds), JSON.stringify([{ source: `trips/Trip ${run}.md`, target: `photo ${run}.png` }]), "missing embeds");
  const report = dialog.getByLabel("Import report");
  const missing = report.locator("details", { hasText: "1 missing embedded files" });
  await missing.getByText(`photo ${run}.png`, { exact: true }).waitFor();
  await missing.getByText(`trips/Trip ${run}.md`, { exact: true }).waitFor();
  await dialog.getByRole("button", { name: "Close" }).click();

  const hits = await api(page, "SearchAPI", "Search", { text: `Trip ${run}`, mode: "lexical", limit: 5 });
  eq(hits[0]?.title, `Trip ${run}`, "the imported note found by its title");
  eq(hits[0].updated_at.slice(0, 10), "2020-06-15", "the note's update time is the file's");
  const dated = await api(page, "SearchAPI", "Search", { text: `Dated ${run}`, mode: "lexical", limit: 5 });
  eq(dated[0]?.updated_at, "2019-03-04T05:06:07Z", "the front matter's update time wins");
  assert(new RegExp(escapeRe(run)).test(hits[0].path), "the path is the run's");
});
