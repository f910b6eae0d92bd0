// e2e flow of browsing the vault as of a moment (issue 20, item 3), as a
// person: write a note, rewrite it, pick a moment between the two versions
// in the timeline, read the old text in the list, the note and search
// (read-only: no editor), restore the note as of then, go back to now and
// find the old text as a new version.
import { assert, bridgeCall, editor, eq, newNote, openApp, runCommand, shots, test, typeAtEnd, waitBody, waitSaved } from "./harness.mjs";

const pad = (n) => String(n).padStart(2, "0");
/** localInput writes a moment as a datetime-local value with seconds, in the browser's (the machine's) zone. */
const localInput = (ms) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

test(
  "as of: the list, the note and search show a past moment read-only; restoring it makes a new version",
  async ({ page }) => {
    const tag = Date.now().toString(36);
    const title = `Asof plan ${tag}`;
    const oldWord = `oldword${tag}`;
    const newWord = `newword${tag}`;
    await openApp(page);
    await newNote(page, title);
    await typeAtEnd(page, `${oldWord} first draft`);
    await waitSaved(page);
    const [match] = await bridgeCall("SearchAPI", "Titles", title, 1);
    eq(match?.title, title, "the new note by its title");
    await waitBody(match.id, (b) => b.includes(oldWord), "the first version");
    // The picker has second resolution: the moment is the next whole second
    // after the first version, and the rewrite comes after it.
    const moment = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await page.waitForFunction((m) => Date.now() > m + 50, moment);
    await editor(page).click();
    await page.keyboard.press("Control+a");
    await page.keyboard.type(`${newWord} rewritten`);
    await waitSaved(page);
    await waitBody(match.id, (b) => b.includes(newWord) && !b.includes(oldWord), "the second version");

    // Pick the moment between the two versions in the timeline.
    await runCommand(page, "Show timeline");
    await page.getByLabel("View the vault as of").fill(localInput(moment));
    await page.getByRole("button", { name: "View as of" }).click();
    const banner = page.getByRole("status", { name: "As of" });
    await banner.waitFor();

    // The list holds the notes then; opening one shows its text then, read-only.
    const list = page.getByRole("listbox", { name: "Notes" });
    await list.locator(".note-row", { hasText: title }).first().click();
    const pane = page.getByRole("region", { name: "Note as of" });
    await pane.getByText(`${oldWord} first draft`).waitFor();
    assert(!(await pane.textContent()).includes(newWord), "the note shows no text written after the moment");
    assert((await pane.locator(".asof-meta").textContent()).startsWith("as of "), "the note header says as of");
    eq(await page.locator(".cm-editor").count(), 0, "editors while viewing as of");
    eq(await page.getByRole("button", { name: "New note" }).count(), 0, "New note buttons while viewing as of");

    // Search finds the words then, not the words now.
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const search = page.getByRole("searchbox", { name: "Search notes" });
    await search.fill(oldWord);
    const results = page.getByRole("list", { name: "Search results" });
    await results.getByRole("button", { name: new RegExp(title) }).waitFor();
    await search.fill(newWord);
    await page.getByText("No notes found.").waitFor();
    await search.fill(oldWord);
    await results.getByRole("button", { name: new RegExp(title) }).waitFor();
    await page.screenshot({ path: `${shots}/asof-note-search.png` });

    // Restore the note as of then; back to now it is the current text.
    const versionsBefore = (await bridgeCall("NotesAPI", "History", match.id)).length;
    await banner.getByRole("button", { name: "Restore this note as of then" }).click();
    await banner.getByText(/Restored .* as a new version/).waitFor();
    await banner.getByRole("button", { name: "Back to now" }).click();
    await banner.waitFor({ state: "detached" });
    await waitBody(match.id, (b) => b.includes(oldWord) && !b.includes(newWord), "the restored note");
    eq((await bridgeCall("NotesAPI", "History", match.id)).length, versionsBefore + 1, "versions after the restore");
    await page.getByRole("button", { name: "Notes", exact: true }).click();
    await list.locator(".note-row", { hasText: title }).first().click();
    await page.locator(".cm-content", { hasText: oldWord }).waitFor();
    assert(!(await page.locator(".cm-content").textContent()).includes(newWord), "the editor shows the restored text");
    await page.screenshot({ path: `${shots}/asof-restored.png` });
  },
  { timeout: 60_000 },
);
