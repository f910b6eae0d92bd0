// Properties, templates, daily notes and Link it (issue 14, items 6 and 7):
// each flow acts as a person does — the properties panel, the palette, the
// toolbar arrows, the right panel — and reads what was saved back from the
// real backend, byte for byte.
import { assert, bridgeCall, editor, eq, openApp, shots, test, waitBody, waitTitle } from "./harness.mjs";

const run = Date.now().toString(36);
const T = (name) => `${name} ${run}`;

/** openBySwitcher opens a note as a person does: Ctrl+O, its title, Enter. */
async function openBySwitcher(page, title) {
  await page.keyboard.press("Control+o");
  const input = page.getByLabel("Note title");
  await input.fill(title);
  await page.locator(`ul[aria-label="Matching notes"][data-query="${title.replace(/"/g, '\\"')}"]`).waitFor();
  await input.press("Enter");
  await waitTitle(page, title);
}

/** palette runs a command by its title through Ctrl+K. */
async function palette(page, command) {
  await page.keyboard.press("Control+k");
  const input = page.getByRole("textbox", { name: "Command" });
  await input.fill(command);
  await input.press("Enter");
}

function localDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

test("properties: edit a value, add a tag chip, and the Markdown keeps every other byte", async ({ page }) => {
  const front = ["---", "# kept comment", "status: draft # stage", "tags:", "  - alpha", "due: 2026-05-01", "meta:", "  nested: true", "---", ""].join("\n");
  const note = await bridgeCall("NotesAPI", "Create", T("Props"), "", front + "Body text\n");
  await openApp(page);
  await openBySwitcher(page, note.title);

  const panel = page.getByRole("region", { name: "Properties" });
  await panel.waitFor();
  // The nested map is shown as written, read-only.
  assert((await panel.locator("pre.property-raw").textContent()) === "  nested: true", "the nested value is shown as written");

  const status = page.getByLabel("Value of status");
  await status.click();
  await status.fill("published");
  await status.press("Enter");
  const tag = page.getByLabel("Add a tag to tags");
  await tag.click();
  await page.keyboard.type("#beta");
  await page.keyboard.press("Enter");
  await page.getByLabel("Value of due").fill("2026-06-15");

  const want = front.replace("status: draft # stage", "status: published # stage").replace("  - alpha\n", "  - alpha\n  - beta\n").replace("due: 2026-05-01", "due: 2026-06-15") + "Body text\n";
  await waitBody(note.id, (b) => b === want, "the edited properties");
  // The editor shows the same text, so typing on goes on top of it.
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("status: published"));
  await page.screenshot({ path: `${shots}/properties-edit.png` });

  // Remove the tag chip again, and add a property of another type.
  await page.getByLabel("Remove alpha from tags").click();
  await page.getByRole("button", { name: "+ Add property" }).click();
  await page.getByLabel("New property name").fill("reviewed");
  await page.getByLabel("New property type").selectOption("checkbox");
  await page.getByLabel("New property name").press("Enter");
  await page.getByLabel("Value of reviewed").check();
  const want2 = want.replace("  - alpha\n", "").replace("  nested: true\n---", "  nested: true\nreviewed: true\n---");
  await waitBody(note.id, (b) => b === want2, "the removed chip and the new checkbox");
});

test("properties: a link value opens its note", async ({ page }) => {
  const target = await bridgeCall("NotesAPI", "Create", T("Ada Lovelace"), "", "About Ada.\n");
  const note = await bridgeCall("NotesAPI", "Create", T("Linked prop"), "", `---\nauthor: "[[${target.title}]]"\n---\nText\n`);
  await openApp(page);
  await openBySwitcher(page, note.title);
  await page.getByRole("region", { name: "Properties" }).getByRole("button", { name: target.title }).click();
  await waitTitle(page, target.title);
});

test("properties: insert a template from the palette", async ({ page }) => {
  const folder = `Tpl${run}`;
  await bridgeCall("NotesAPI", "Create", "Meeting", folder, "---\ntags: [meeting]\n---\n## {{title}} on {{date}}\n- [ ] agenda\n");
  const note = await bridgeCall("NotesAPI", "Create", T("Standup"), "", "Notes:\n");
  await openApp(page);

  // Settings → Templates: the folder.
  await page.keyboard.press("Control+,");
  const dialog = page.getByRole("dialog", { name: "Settings" });
  // As a person does: once the field shows the folder in force.
  await page.waitForFunction(() => document.querySelector('input[aria-label="Templates folder"]')?.value === "Templates");
  await dialog.getByLabel("Templates folder").fill(folder);
  await dialog.getByRole("button", { name: "Save templates" }).click();
  await dialog.getByText("Saved.").first().waitFor();
  await dialog.getByRole("button", { name: "Close" }).click();

  await openBySwitcher(page, note.title);
  await editor(page).click();
  await page.keyboard.press("Control+End");
  await palette(page, "Insert template");
  const picker = page.getByRole("dialog", { name: "Insert template" });
  await picker.getByRole("option", { name: /Meeting/ }).waitFor();
  // The picker has the focus: type to filter, Enter to insert.
  await page.keyboard.type("meet");
  await page.keyboard.press("Enter");
  // Once the template shows, the caret is after it: typing goes on there.
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("agenda"));
  await page.keyboard.type("done");
  const want = `---\ntags: [meeting]\n---\nNotes:\n## ${note.title} on ${localDate()}\n- [ ] agenda\ndone`;
  await waitBody(note.id, (b) => b === want, "the inserted template");
  await page.screenshot({ path: `${shots}/properties-template.png` });
});

test("properties: previous and next daily note", async ({ page }) => {
  const daily = await bridgeCall("NotesAPI", "DailySettings");
  const year = 2200 + Math.floor(Math.random() * 7000);
  const [a, b, c] = [`${year}-01-05`, `${year}-01-09`, `${year}-02-01`];
  for (const d of [a, b, c]) await bridgeCall("NotesAPI", "Create", d, daily.folder, `# ${d}\n`);
  await openApp(page);
  await openBySwitcher(page, b);
  const prev = page.getByRole("button", { name: "Previous daily note" });
  await prev.click();
  await waitTitle(page, a);
  await page.screenshot({ path: `${shots}/properties-daily.png` });
  await page.getByRole("button", { name: "Next daily note" }).click();
  await waitTitle(page, b);
  await palette(page, "Next daily note");
  await waitTitle(page, c);
  // The last one has nothing after it (other flows make daily notes of today,
  // long before these, so only the end of the range is known to be empty).
  await page.waitForFunction(() => document.querySelector('button[aria-label="Next daily note"]')?.disabled === true);
  await palette(page, "Previous daily note");
  await waitTitle(page, b);
});

test("properties: Link it turns an unlinked mention into a link", async ({ page }) => {
  const target = await bridgeCall("NotesAPI", "Create", T("Zebra Finch"), "", "A small bird.\n");
  const source = await bridgeCall("NotesAPI", "Create", T("Birds seen"), "", `Today a ${target.title.toLowerCase()} sang.\n`);
  await openApp(page);
  await openBySwitcher(page, target.title);
  const mentions = page.getByRole("region", { name: "Unlinked mentions" });
  await mentions.getByRole("button", { name: `Link it in ${source.title}` }).click();
  const want = `Today a [[${target.title}|${target.title.toLowerCase()}]] sang.\n`;
  const body = await waitBody(source.id, (b) => b === want, "the linked mention");
  eq(body, want, "source body");
  // Now a backlink, no longer a mention.
  await page.getByRole("region", { name: "Backlinks" }).getByRole("button", { name: source.title }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.right-panel button[aria-label^="Link it in"]'));
  await page.screenshot({ path: `${shots}/properties-linkit.png` });
  const note = await bridgeCall("NotesAPI", "Get", source.id);
  eq(note.version, source.version + 1, "one new version of the source");
});

test("properties: today's note starts from the daily note template", async ({ page }) => {
  const before = await bridgeCall("NotesAPI", "DailySettings");
  const tplBefore = await bridgeCall("NotesAPI", "TemplateSettings");
  const folder = `days${run}`;
  await bridgeCall("NotesAPI", "Create", "Daily plan", `Tpl${run}d`, "# {{title}}\nWritten {{date:dddd}}\n- [ ] \n");
  await openApp(page);
  try {
    // Settings: a fresh daily folder (so today's note is new) and the template.
    await page.keyboard.press("Control+,");
    const dialog = page.getByRole("dialog", { name: "Settings" });
    await page.waitForFunction(() => document.querySelector('input[aria-label="Templates folder"]')?.value !== "");
    await dialog.getByLabel("Daily notes folder").fill(folder);
    await dialog.getByRole("button", { name: "Save daily notes" }).click();
    await dialog.getByLabel("Daily note template").fill(`Tpl${run}d/Daily plan`);
    await dialog.getByRole("button", { name: "Save templates" }).click();
    await dialog.getByText("Saved.").nth(1).waitFor();
    const today = localDate();
    // The section shows where today's note now goes.
    await dialog.getByLabel("Today's daily note").filter({ hasText: `${folder}/${today}` }).waitFor();
    const settings = await bridgeCall("NotesAPI", "DailySettings");
    eq(settings.folder, folder, "the daily notes folder as saved");
    await dialog.getByRole("button", { name: "Close" }).click();

    await page.keyboard.press("Control+d");
    await waitTitle(page, today);
    const weekday = new Date().toLocaleDateString("en-US", { weekday: "long" });
    const matches = await bridgeCall("SearchAPI", "Titles", today, 50);
    const note = matches.find((m) => m.path === `${folder}/${today}.md`);
    assert(note, `today's note is in ${folder}: titles ${JSON.stringify(matches.map((m) => m.path))}, daily settings ${JSON.stringify(await bridgeCall("NotesAPI", "DailySettings"))}`);
    eq((await bridgeCall("NotesAPI", "Get", note.id)).body, `# ${today}\nWritten ${weekday}\n- [ ] \n`, "today's note from the template");
    // The editor shows it, and typing goes in after it.
    await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("Written"));
    await page.screenshot({ path: `${shots}/properties-daily-template.png` });
  } finally {
    await bridgeCall("NotesAPI", "SetDailySettings", before.folder, before.format);
    await bridgeCall("NotesAPI", "SetTemplateSettings", tplBefore);
  }
});
