// Live preview flows (issue 14 items 5 and 7's embeds): Markdown rendered in
// the editor as it is written, clickable tasks in the editor and the reading
// view, embedded notes, and the source-mode toggle — through the real UI.
import { api, assert, bridgeCall, editor, eq, newNote, openApp, runCommand, shots, test, waitSaved, waitTitle } from "./harness.mjs";

const run = Date.now().toString(36);
const T = (name) => `${name} ${run}`;

// lineOf is the editor line whose text contains text.
const lineOf = (page, text) => page.locator(".cm-content .cm-line", { hasText: text }).first();

async function savedBody(page, title) {
  const list = await api(page, "NotesAPI", "List", "updated", 0, 50, false);
  const n = list.notes.find((x) => x.title === title);
  assert(n, `note ${title} listed`);
  return (await api(page, "NotesAPI", "Get", n.id)).body;
}

// startTyping puts the caret at the end of the open note's text, as a click below the text does.
async function startTyping(page) {
  await editor(page).click();
  await page.keyboard.press("Control+End");
}

test("live preview: a heading renders once the caret leaves its line", async ({ page }) => {
  const title = T("LP heading");
  await openApp(page);
  await newNote(page, title);
  await startTyping(page);
  await page.keyboard.type("# Big heading");
  const heading = lineOf(page, "Big heading");
  eq(await heading.textContent(), "# Big heading", "the heading's line while the caret is on it");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Some **bold** words and a #chip tag.");
  await page.waitForFunction(() => {
    const l = [...document.querySelectorAll(".cm-content .cm-line")].find((x) => x.textContent.includes("Big heading"));
    return l?.classList.contains("cm-lp-h1") && l.textContent === "Big heading";
  });
  const big = await heading.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const body = await lineOf(page, "Some").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert(big > body * 1.4, `heading ${big}px vs body ${body}px`);
  await page.keyboard.press("ArrowUp");
  await page.waitForFunction(() => [...document.querySelectorAll(".cm-content .cm-line")].some((x) => x.textContent === "# Big heading"));
  // The body line, now off the caret's line, shows bold without its stars and the tag as a chip.
  eq(await lineOf(page, "Some").textContent(), "Some bold words and a #chip tag.", "the rendered body line");
  assert((await page.locator(".cm-lp-strong").count()) === 1, "bold styled");
  assert((await page.locator(".cm-lp-tag", { hasText: "#chip" }).count()) === 1, "tag chip");
  await page.screenshot({ path: `${shots}/livepreview-heading.png` });
  await waitSaved(page);
  eq(await savedBody(page, title), "# Big heading\nSome **bold** words and a #chip tag.", "saved text");
});

test("live preview: a checkbox ticks in the editor and in the reading view, saved", async ({ page }) => {
  const title = T("LP tasks");
  await openApp(page);
  await newNote(page, title);
  await startTyping(page);
  await page.keyboard.type("Shopping:\n- [ ] buy milk");
  await page.keyboard.press("Control+Home"); // the caret leaves the task's line
  const box = page.locator("input.cm-lp-checkbox");
  await box.waitFor();
  assert(!(await box.isChecked()), "unticked at first");
  await box.click();
  await page.waitForFunction(() => document.querySelector("input.cm-lp-checkbox")?.checked === true);
  await waitSaved(page);
  eq(await savedBody(page, title), "Shopping:\n- [x] buy milk", "saved after the editor's click");
  await page.screenshot({ path: `${shots}/livepreview-tasks-editor.png` });

  await page.keyboard.press("Control+e");
  const task = page.locator(".reading-body .task[data-task]");
  await task.waitFor();
  eq(await task.getAttribute("aria-checked"), "true", "reading view shows it ticked");
  await task.click();
  await page.waitForFunction(() => document.querySelector(".reading-body .task[data-task]")?.getAttribute("aria-checked") === "false");
  await waitSaved(page);
  eq(await savedBody(page, title), "Shopping:\n- [ ] buy milk", "saved after the reading view's click");
  await page.screenshot({ path: `${shots}/livepreview-tasks-reading.png` });
  await page.keyboard.press("Control+e");
});

test("live preview: an embedded note's section shows in the editor and the reading view", async ({ page }) => {
  const target = T("LP embedded");
  const title = T("LP embedder");
  await bridgeCall("NotesAPI", "Create", target, "", "# Part\nembedded words with **weight**\n\n# Other\nnot this part\n");
  await openApp(page);
  await newNote(page, title);
  await startTyping(page);
  await page.keyboard.type(`Before\n![[${target}#Part`);
  await page.keyboard.press("Escape"); // the title completion
  await page.keyboard.type("]]");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("![[No such note here");
  await page.keyboard.press("Escape");
  await page.keyboard.type("]]");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("After");
  const embed = page.locator(".cm-lp-embed .embed-body", { hasText: "embedded words" });
  await embed.waitFor();
  assert(!(await embed.textContent()).includes("not this part"), "only the heading's section");
  await page.locator(".cm-lp-embed.embed-missing", { hasText: "No such note here" }).waitFor();
  await page.screenshot({ path: `${shots}/livepreview-embed-editor.png` });
  await waitSaved(page);

  await page.keyboard.press("Control+e");
  const box = page.locator(".reading-body .embed-box", { hasText: "embedded words" });
  await box.waitFor();
  eq(await box.locator("strong").textContent(), "weight", "the embed rendered as Markdown");
  await page.screenshot({ path: `${shots}/livepreview-embed-reading.png` });
  await box.locator(".embed-title a").click();
  await waitTitle(page, target);
  await page.keyboard.press("Control+e");
});

test("live preview: source mode shows the Markdown as written, from the toolbar and the palette, remembered", async ({ page }) => {
  const title = T("LP source");
  await openApp(page);
  await newNote(page, title);
  await startTyping(page);
  // Enter continues the quote ("> "), as in the source.
  await page.keyboard.type("## Section\n> [!warning] Mind the gap\ninside with a [[link]] and *stress*");
  await page.keyboard.press("Control+Home");
  await page.locator(".cm-lp-callout-title").waitFor();
  await page.screenshot({ path: `${shots}/livepreview-callout.png` });
  assert(await page.locator(".cm-editor.cm-live-preview").isVisible(), "live preview on by default");
  const source = page.getByRole("button", { name: "Source", exact: true });
  eq(await source.getAttribute("aria-pressed"), "false", "source button off");
  await source.click();
  await page.waitForFunction(() => !document.querySelector(".cm-editor.cm-live-preview"));
  eq(await lineOf(page, "Section").textContent(), "## Section", "source shows the heading's marks");
  eq(await page.locator(".cm-lp-callout").count(), 0, "no callout box in source mode");
  await page.screenshot({ path: `${shots}/livepreview-source.png` });
  await waitSaved(page);
  await page.reload();
  await page.getByRole("listbox", { name: "Notes" }).waitFor();
  await page.getByRole("listbox", { name: "Notes" }).locator(".note-row", { hasText: title }).first().click();
  await waitTitle(page, title);
  await editor(page).waitFor();
  eq(await page.locator(".cm-editor.cm-live-preview").count(), 0, "source mode remembered after a reload");
  eq(await page.getByRole("button", { name: "Source", exact: true }).getAttribute("aria-pressed"), "true", "source button on");
  await runCommand(page, "Toggle source mode");
  await page.locator(".cm-editor.cm-live-preview").waitFor();
  await page.locator(".cm-lp-h2").waitFor();
});
