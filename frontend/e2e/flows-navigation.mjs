// Navigation flows (issue 14, items 2–4 and 7): focus follows intent with no
// keystroke lost, links in the editor, back/forward, tags browse, tabs and
// the split pane, the outline. Each flow types right after acting, as a
// person does, and reads what was saved back from the real backend.
import { assert, bridgeCall, editor, eq, escapeRe, openApp, test, waitBody, waitTitle } from "./harness.mjs";

const run = Date.now().toString(36);
const T = (name) => `${name} ${run}`;

/** make creates a note through the bound API and returns it. */
function make(title, body = "") {
  return bridgeCall("NotesAPI", "Create", title, "", body);
}

/** idOf finds a note's id by its exact title. */
async function idOf(title) {
  const ms = await bridgeCall("SearchAPI", "Titles", title, 10);
  const m = (ms ?? []).find((x) => x.title === title);
  assert(m, `a note titled ${title} exists`);
  return m.id;
}

/** tabTitles lists the tab strip's titles in order. */
function tabTitles(page) {
  return page.locator(".tab .tab-title").allTextContents();
}

/** activeTab is the selected tab's title. */
function activeTab(page) {
  return page.locator('.tab[aria-selected="true"] .tab-title').textContent();
}

/** noteRow is the note list's row for title. */
function noteRow(page, title) {
  return page
    .getByRole("listbox", { name: "Notes" })
    .locator(".note-row")
    .filter({ has: page.locator(".note-row-title", { hasText: new RegExp(`^${escapeRe(title)}$`) }) })
    .first();
}

/** clickInText Ctrl+clicks (or clicks with mods) the first occurrence of text in the open editor. */
async function clickInText(page, text, modifiers) {
  // As a person looks before clicking: the note's text shows first (after
  // going back, the title can show a moment before the editor's text).
  await page
    .waitForFunction((t) => document.querySelector(".pane-main .cm-content")?.textContent?.includes(t), text, { timeout: 10_000 })
    .catch(() => {});
  const box = await page.evaluate((t) => {
    const content = document.querySelector(".pane-main .cm-content");
    // A node with exactly that text first (live preview shows [md](…) as "md"), then one containing it.
    const nodes = [];
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    for (const n of [...nodes.filter((x) => x.textContent === t), ...nodes]) {
      const i = n.textContent.indexOf(t);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i + 1);
      r.setEnd(n, i + 2);
      const b = r.getBoundingClientRect();
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }
    return null;
  }, text);
  assert(box, `the editor shows ${text}`);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(box.x, box.y);
  for (const m of modifiers) await page.keyboard.up(m);
}

test("navigation: focus follows intent and no keystroke is lost", async ({ page }) => {
  const a = await make(T("Focus switcher"), "first line\n");
  const b = await make(T("Focus list"), "list note\n");
  await openApp(page);

  // Quick switcher → Enter → type at once.
  await page.keyboard.press("Control+o");
  const qs = page.getByRole("dialog", { name: "Quick switcher" });
  await qs.getByRole("textbox", { name: "Note title" }).fill(a.title);
  await qs.locator(`ul[data-query="${a.title}"]`).waitFor();
  await page.keyboard.press("Enter");
  await page.keyboard.type("typed right after Enter");
  await waitBody(a.id, (s) => s.includes("typed right after Enter"), "quick switcher");

  // The note list: arrows browse, Enter opens for writing. The list re-sorts
  // (by Updated) once the switcher's note is saved: wait for that, so the
  // arrows counted below move through the order they act on.
  await page.waitForFunction((t) => document.querySelector(".note-list .note-row .note-row-title")?.textContent === t, a.title);
  await noteRow(page, b.title).waitFor();
  await page.getByRole("listbox", { name: "Notes" }).focus();
  const rowIndex = Number(await noteRow(page, b.title).getAttribute("aria-posinset")) - 1;
  const selected = Number((await page.locator('.note-list .note-row[aria-selected="true"]').getAttribute("aria-posinset")) ?? 0) - 1;
  for (let i = selected; i < rowIndex; i++) await page.keyboard.press("ArrowDown");
  for (let i = selected; i > rowIndex; i--) await page.keyboard.press("ArrowUp");
  await waitTitle(page, b.title);
  await page.keyboard.press("Enter");
  await page.keyboard.type("from the list");
  await waitBody(b.id, (s) => s.includes("from the list"), "note list Enter");

  // A new note: Ctrl+N, the title, Enter, the body — all without a pause.
  const title = T("Focus new");
  await page.keyboard.press("Control+n");
  await page.keyboard.type(title);
  await page.keyboard.press("Enter");
  await page.keyboard.type("new body text");
  await waitTitle(page, title);
  const newId = await idOf(title);
  await waitBody(newId, (s) => s.includes("new body text"), "new note");

  // Today's note: Ctrl+D, then type: the text lands at its end.
  await page.keyboard.press("Control+d");
  await page.keyboard.type(`today ${run}`);
  const today = await bridgeCall("NotesAPI", "Today");
  const body = await waitBody(today.id, (s) => s.includes(`today ${run}`), "today's note");
  assert(body.trimEnd().endsWith(`today ${run}`), `today's text is at the end of the daily note: ${JSON.stringify(body)}`);
});

test("navigation: links in the editor, unresolved links, back and forward", async ({ page, guard }) => {
  const target = await make(T("Link target"), "# Top\n\nintro\n\n" + "filler line\n".repeat(80) + "## Deep part\n\ndeep text\n");
  const aliasT = await make(T("Alias target"), "alias body\n");
  const mdT = await make(T("Md target"), "md body\n");
  const missing = T("Not yet");
  const src = await make(
    T("Link source"),
    `go [[${target.title}#Deep part]] and [[${aliasT.title}|the alias]] and [md](${encodeURIComponent(mdT.title)}.md) and https://example.com/nav and [[${missing}]]\n`,
  );
  await openApp(page);
  await page.keyboard.press("Control+o");
  const qs = page.getByRole("dialog", { name: "Quick switcher" });
  await qs.getByRole("textbox", { name: "Note title" }).fill(src.title);
  await qs.locator(`ul[data-query="${src.title}"]`).waitFor();
  await page.keyboard.press("Enter");
  await waitTitle(page, src.title);

  // The unresolved link looks different; the others do not.
  await page.locator(".pane-main .cm-unresolved").first().waitFor();
  const unresolved = await page.locator(".pane-main .cm-unresolved").allTextContents();
  eq(unresolved.join(""), `[[${missing}]]`, "the unresolved link's marked text");

  // Ctrl+click [[Target#Deep part]]: the note opens at the heading, caret on it.
  await clickInText(page, "Link target", ["Control"]);
  await waitTitle(page, target.title);
  await page.keyboard.type(" (typed at the heading)");
  await waitBody(target.id, (s) => s.includes("## Deep part (typed at the heading)"), "heading link");
  const headingShown = await page.locator(".pane-main .cm-line", { hasText: "## Deep part" }).isVisible();
  assert(headingShown, "the heading is scrolled into view");

  // Back (Alt+←) and forward (Alt+→), then the toolbar arrows and the mouse's buttons.
  await page.keyboard.press("Alt+ArrowLeft");
  await waitTitle(page, src.title);
  await page.keyboard.press("Alt+ArrowRight");
  await waitTitle(page, target.title);
  await page.getByRole("button", { name: "Back", exact: true }).click();
  await waitTitle(page, src.title);
  await page.getByRole("button", { name: "Forward", exact: true }).click();
  await waitTitle(page, target.title);
  await page.evaluate(() => {
    window.dispatchEvent(new MouseEvent("mousedown", { button: 3, cancelable: true }));
    window.dispatchEvent(new MouseEvent("mouseup", { button: 3, cancelable: true }));
  });
  await waitTitle(page, src.title);

  // The alias link, by keyboard: caret into it, Alt+Enter.
  await editor(page).click();
  await page.keyboard.press("Control+Home");
  const col = (await page.locator(".pane-main .cm-line").first().textContent()).indexOf("the alias");
  for (let i = 0; i < col; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Alt+Enter");
  await waitTitle(page, aliasT.title);
  await page.keyboard.press("Alt+ArrowLeft");
  await waitTitle(page, src.title);

  // A Markdown link to a note.
  await clickInText(page, "md", ["Control"]);
  await waitTitle(page, mdT.title);
  await page.keyboard.press("Alt+ArrowLeft");
  await waitTitle(page, src.title);

  // A URL goes to the system browser, never the window.
  await clickInText(page, "example.com/nav", ["Control"]);
  await page.waitForFunction(() => (window.__e2e.openedURLs ?? []).includes("https://example.com/nav"));
  guard.check();

  // The unresolved link asks first (in the app); Cancel creates nothing, Create makes and opens it.
  await clickInText(page, missing, ["Control"]);
  const ask = page.getByRole("alertdialog", { name: "Confirm" });
  await ask.waitFor();
  await ask.getByRole("button", { name: "Cancel" }).click();
  const none = (await bridgeCall("SearchAPI", "Titles", missing, 10)).filter((m) => m.title === missing);
  eq(none.length, 0, "notes made after Cancel");
  await clickInText(page, missing, ["Control"]);
  await ask.getByRole("button", { name: "Create note" }).click();
  await waitTitle(page, missing);
  await page.keyboard.type("made from a link");
  await waitBody(await idOf(missing), (s) => s.includes("made from a link"), "created from a link");
  await page.keyboard.press("Alt+ArrowLeft");
  await waitTitle(page, src.title);
  await page.waitForFunction(() => document.querySelectorAll(".pane-main .cm-unresolved").length === 0);
});

test("navigation: clicking a tag lists its notes, nested tags included, newest first", async ({ page }) => {
  const tag = `navtag${run}`;
  const older = await make(T("Tagged older"), `about #${tag}\n`);
  const nested = await make(T("Tagged nested"), `deeper #${tag}/sub\n`);
  await make(T("Untagged"), "no tag here\n");
  await openApp(page);
  const reader = await make(T("Tag reader"), `see #${tag}\n`);
  await page.reload();
  await page.getByRole("listbox", { name: "Notes" }).waitFor();
  // From the reading view.
  await noteRow(page, reader.title).click();
  await waitTitle(page, reader.title);
  await page.keyboard.press("Control+e");
  await page.getByRole("article", { name: "Reading view" }).locator(".tag", { hasText: `#${tag}` }).click();
  const results = page.getByRole("list", { name: "Search results" });
  await results.locator(".result-title", { hasText: older.title }).waitFor();
  const titles = await results.locator(".result-title").allTextContents();
  assert(titles.includes(nested.title), `the nested tag's note is listed: ${titles.join(", ")}`);
  assert(!titles.some((t) => t.startsWith("Untagged")), "only tagged notes");
  // Newest first: the reader (made last) before the older note.
  assert(titles.indexOf(reader.title) < titles.indexOf(older.title), `newest first: ${titles.join(", ")}`);
  await page.keyboard.press("Control+e");
});

test("navigation: tabs, switching without losing keystrokes, split, restore on restart", async ({ page }) => {
  const one = await make(T("Tab one"), "one\n");
  const two = await make(T("Tab two"), "two\n");
  const three = await make(T("Tab three"), "three\n");
  await openApp(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole("listbox", { name: "Notes" }).waitFor();

  await noteRow(page, one.title).click();
  await waitTitle(page, one.title);
  await noteRow(page, two.title).click({ modifiers: ["Control"] });
  await waitTitle(page, two.title);
  await noteRow(page, three.title).click({ modifiers: ["Control"] });
  await waitTitle(page, three.title);
  eq(JSON.stringify(await tabTitles(page)), JSON.stringify([one.title, two.title, three.title]), "tabs");

  // Type, switch tabs at once (Ctrl+Tab), type again: every character kept in its own note.
  await page.keyboard.type(" in three");
  await page.keyboard.press("Control+Tab");
  await page.keyboard.type(" in one");
  await page.keyboard.press("Control+Shift+Tab");
  await page.keyboard.type(" three again");
  await waitTitle(page, three.title);
  await waitBody(three.id, (s) => s.includes(" in three") && s.includes(" three again"), "tab three");
  await waitBody(one.id, (s) => s.includes(" in one"), "tab one");

  // Click a tab; reorder by dragging; close with the middle button and Ctrl+W.
  await page.locator(".tab", { hasText: two.title }).click();
  await waitTitle(page, two.title);
  await page.locator(".tab", { hasText: three.title }).dragTo(page.locator(".tab", { hasText: one.title }));
  eq(JSON.stringify(await tabTitles(page)), JSON.stringify([three.title, one.title, two.title]), "tabs after the drag");

  // Split to the right with Ctrl+Shift+click; it edits its own note.
  await noteRow(page, one.title).click({ modifiers: ["Control", "Shift"] });
  const split = page.locator(".pane-split");
  await split.locator('input[aria-label="Title"]').waitFor();
  eq(await split.locator('input[aria-label="Title"]').inputValue(), one.title, "the split's note");
  await page.screenshot({ path: `${process.env.E2E_ARTIFACTS || "/tmp"}/navigation-split.png` });
  await page.keyboard.type(" from the split");
  await waitBody(one.id, (s) => s.includes(" from the split"), "split pane");

  // Restart: the tabs, the active one and the split come back.
  await page.reload();
  await page.locator(".tab").first().waitFor();
  // The tabs come back at once; the titles of notes not open yet show "…" until they are looked up.
  await page
    .waitForFunction(() => [...document.querySelectorAll(".tab .tab-title")].every((t) => t.textContent !== "…"), null, { timeout: 10_000 })
    .catch(() => {});
  eq(JSON.stringify(await tabTitles(page)), JSON.stringify([three.title, one.title, two.title]), "tabs after a restart");
  eq(await activeTab(page), two.title, "the active tab after a restart");
  await waitTitle(page, two.title);
  await split.locator('input[aria-label="Title"]').waitFor();

  await page.getByRole("button", { name: "Close split" }).click();
  await split.waitFor({ state: "detached" });
  await page.locator(".tab", { hasText: one.title }).click({ button: "middle" });
  eq(JSON.stringify(await tabTitles(page)), JSON.stringify([three.title, two.title]), "tabs after a middle click");
  await editor(page).click();
  await page.keyboard.press("Control+w");
  eq(JSON.stringify(await tabTitles(page)), JSON.stringify([three.title]), "tabs after Ctrl+W");
  await waitTitle(page, three.title);
});

test("navigation: the outline lists the headings, jumps to one and follows edits", async ({ page }) => {
  const n = await make(T("Outline note"), "# Alpha\n\ntext\n\n" + "line\n".repeat(100) + "## Beta\n\nmore\n\n### Gamma\n");
  await openApp(page);
  await noteRow(page, n.title).click();
  await waitTitle(page, n.title);
  const outline = page.getByRole("region", { name: "Outline" });
  await outline.getByRole("button", { name: "Gamma" }).waitFor();
  eq(JSON.stringify(await outline.getByRole("button").allTextContents()), JSON.stringify(["Alpha", "Beta", "Gamma"]), "the outline");
  await outline.getByRole("button", { name: "Beta" }).click();
  await page.keyboard.type(" jumped");
  await waitBody(n.id, (s) => s.includes("## Beta jumped"), "outline jump");
  await page.keyboard.press("Enter");
  await page.keyboard.type("## Delta");
  await outline.getByRole("button", { name: "Delta" }).waitFor();
});
