// e2e flows of the vault folder (issue 16): a person opens a folder of
// Markdown files as the vault and from then on the folder and the notes are
// the same — a file edited in another editor changes the open note, a note
// typed in the app is written to its file, a sync tool's conflict copy is
// resolved in the Conflicts view, and a mass deletion from outside waits
// until the person applies or undoes it. Each flow runs on a bridge of its
// own (an empty vault, its own config folder, so the attached folder stays
// out of the user's settings). The native folder dialog cannot be driven:
// the first flow types the path into Settings, the second answers the
// bridge's folder picker (VaultAPI.ChooseAndAttach asks through the app's
// Dialogs seam, as import and export do).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { api, assert, eq, openFromList, runCommand, shots, startBridge, test, typeAtEnd, waitSaved, watch } from "./harness.mjs";


const temps = [];
process.on("exit", () => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** vaultFolder writes files ({relative path: text}) into a fresh folder and returns its real path. */
function vaultFolder(files) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "secondbrain-e2e-vault-")));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

/** vaultBridge starts a bridge on a fresh data dir and config folder (see startBridge). */
function vaultBridge() {
  return startBridge("secondbrain-e2e-vault-", (work) => ({
    XDG_CONFIG_HOME: join(work, "config"),
    SECONDBRAIN_DATA_DIR: join(work, "data"),
    SECONDBRAIN_POSTGRES_DSN: "", // empty is unset: the bridge's own embedded cluster
  }));
}

/** onVaultBridge runs fn with a page of a bridge of its own, watched as the harness watches its page. */
async function onVaultBridge(context, fn) {
  const bridge = await vaultBridge();
  const page = await context.newPage();
  const guard = watch(page);
  try {
    await page.goto(bridge.url + "/");
    await page.evaluate(() => window.__e2e.connected);
    await fn(page, bridge);
    // The watch counts leaving the shared bridge's origin; this page lives on its own bridge.
    guard.seen.navigations = guard.seen.navigations.filter((u) => !u.startsWith(bridge.url));
    guard.check();
  } finally {
    await page.close().catch(() => {});
    await bridge.stop();
  }
}

/** until polls check (async) until it returns a truthy value, which it returns; what names it in the timeout's error. */
async function until(check, what, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** notes lists the live (or trashed) notes through the page's bindings. */
async function notes(page, trashed = false) {
  return (await api(page, "NotesAPI", "List", "title", 0, 500, trashed)).notes;
}

/** noteBody reads the text of the note titled title. */
async function noteBody(page, title) {
  const n = (await notes(page)).find((x) => x.title === title);
  assert(n, `a note titled ${title}`);
  return (await api(page, "NotesAPI", "Get", n.id)).body;
}

const read = (p) => (existsSync(p) ? readFileSync(p, "utf8") : null);

/** editorHas waits until the open note's editor shows text. */
function editorHas(page, text, timeout = 20_000) {
  return page.waitForFunction((t) => document.querySelector(".cm-content")?.textContent?.includes(t), text, { timeout });
}

test(
  "vault: attach a folder in Settings; edits flow both ways; a sync tool's conflict copy is resolved in the Conflicts view; detach",
  ({ context }) =>
    onVaultBridge(context, async (page) => {
      const dir = vaultFolder({
        "Alpha.md": "# Alpha\n\nwritten before the app\n",
        "Beta.md": "# Beta\n\n- milk\n- eggs\n- bread\n",
        "projects/Gamma.md": "# Gamma\n\nsee [[Alpha]]\n",
        ".obsidian/app.json": "{}\n",
      });
      // An empty vault offers to open a folder as the vault on its first screen.
      const welcome = page.getByRole("region", { name: "Getting started" });
      await welcome.getByRole("button", { name: "Open folder as vault…" }).waitFor({ timeout: 30_000 });

      // Settings → Vault folder: type the folder's path and attach it.
      await page.keyboard.press("Control+,");
      const settings = page.getByRole("dialog", { name: "Settings" });
      const section = settings.getByRole("group", { name: "Vault folder" });
      await section.getByLabel("Vault folder path").fill(dir);
      await section.getByRole("button", { name: "Attach", exact: true }).click();
      await section.getByLabel("Attached folder").filter({ hasText: dir }).waitFor({ timeout: 30_000 });
      await section.getByLabel("Vault status").filter({ hasText: /^● (watching|polling)/ }).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: `${shots}/vault-settings.png` });
      await settings.getByRole("button", { name: "Close", exact: true }).click();
      await settings.waitFor({ state: "detached" });

      // The folder's notes are in the list (not .obsidian's files); the status bar names the folder.
      await welcome.waitFor({ state: "detached", timeout: 30_000 });
      const list = page.getByRole("listbox", { name: "Notes" });
      for (const t of ["Alpha", "Beta", "Gamma"]) await list.locator(".note-row-title", { hasText: new RegExp(`^${t}$`) }).waitFor({ timeout: 30_000 });
      eq((await notes(page)).length, 3, "notes in the vault");
      const item = page.getByRole("button", { name: "Vault folder status" });
      await item.filter({ hasText: new RegExp(`^Vault ${basename(dir)} · (watching|polling)`) }).waitFor({ timeout: 20_000 });

      // A file edited in another editor changes the open note.
      await openFromList(page, "Alpha");
      await editorHas(page, "written before the app");
      writeFileSync(join(dir, "Alpha.md"), "# Alpha\n\nedited in another editor\n");
      await editorHas(page, "edited in another editor");
      eq(await noteBody(page, "Alpha"), "# Alpha\n\nedited in another editor\n", "the note after the file's edit");

      // What the person types in the app is written to the file.
      await typeAtEnd(page, "\nand a line typed in the app");
      await waitSaved(page);
      await until(() => read(join(dir, "Alpha.md"))?.includes("and a line typed in the app"), "Alpha.md to hold the line typed in the app");
      eq(read(join(dir, "Alpha.md")), await noteBody(page, "Alpha"), "Alpha.md's bytes after the app's edit");

      // Syncthing leaves a conflict copy of Beta: the app offers it as a conflict, nothing is merged silently.
      const theirs = "# Beta\n\n- oat milk\n- eggs\n- bread\n- jam\n";
      writeFileSync(join(dir, "Beta.sync-conflict-20261207-013000-ABCDEFG.md"), theirs);
      const conflicts = page.getByRole("button", { name: "1 conflict" });
      await conflicts.waitFor({ timeout: 20_000 });
      await page.getByRole("status", { name: "Vault conflicts" }).waitFor();
      eq(await noteBody(page, "Beta"), "# Beta\n\n- milk\n- eggs\n- bread\n", "Beta while the conflict is open");
      await page.screenshot({ path: `${shots}/vault-conflict-banner.png` });

      // The Conflicts view: the list, then Beta's note beside the file's text, line by line.
      await conflicts.click();
      const view = page.getByRole("dialog", { name: "Conflicts" });
      const row = view.getByRole("list", { name: "Conflicts list" }).getByRole("button").filter({ hasText: "Beta" });
      await row.waitFor();
      // Keyboard: the first conflict has the focus, Enter opens it.
      assert(await row.evaluate((b) => b === document.activeElement), "the conflict in the list has the focus");
      await page.keyboard.press("Enter");
      const table = view.getByRole("table");
      await table.waitFor();
      const changed = await table.locator(".side-row.side-change").allTextContents();
      assert(changed.some((t) => t.includes("- milk") && t.includes("- oat milk")), `the note's line beside the file's: ${JSON.stringify(changed)}`);
      assert(changed.some((t) => t.includes("- jam")), `the file's extra line: ${JSON.stringify(changed)}`);
      await page.screenshot({ path: `${shots}/vault-conflict-diff.png` });
      // Escape goes back to the list; the conflict opens again from it.
      await page.keyboard.press("Escape");
      await table.waitFor({ state: "detached" });
      await row.click();
      await view.getByRole("button", { name: "Keep file" }).click();
      await view.getByText("No conflicts: every note matches its file.").waitFor({ timeout: 10_000 });
      await page.keyboard.press("Escape");
      await view.waitFor({ state: "detached" });
      await conflicts.waitFor({ state: "detached", timeout: 10_000 });
      await page.getByRole("status", { name: "Vault conflicts" }).waitFor({ state: "detached" });
      eq(await noteBody(page, "Beta"), theirs, "Beta after keeping the file's text");
      await until(() => read(join(dir, "Beta.md")) === theirs, "Beta.md to hold the kept text");
      // The note's earlier text stays in its history.
      const beta = (await notes(page)).find((x) => x.title === "Beta");
      const history = await api(page, "NotesAPI", "History", beta.id);
      assert(history.length >= 2, `Beta's history keeps the replaced text: ${history.length} versions`);

      // The palette opens the same view.
      await runCommand(page, "Show vault conflicts");
      await view.getByText("No conflicts: every note matches its file.").waitFor();
      await page.keyboard.press("Escape");
      await view.waitFor({ state: "detached" });

      // Detach: the mirror stops, the notes and the files stay.
      await page.keyboard.press("Control+,");
      await section.getByRole("button", { name: "Detach" }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Detach" }).click();
      await section.getByLabel("Vault folder path").waitFor({ timeout: 10_000 });
      await settings.getByRole("button", { name: "Close", exact: true }).click();
      await item.waitFor({ state: "detached" });
      eq((await notes(page)).length, 3, "notes after detaching");
      assert(existsSync(join(dir, "Alpha.md")), "the files stay after detaching");
    }),
  { timeout: 240_000 },
);

test(
  "vault: opened from the first-run screen; a mass deletion outside waits until restored or applied",
  ({ context }) =>
    onVaultBridge(context, async (page, bridge) => {
      const files = {};
      for (let i = 0; i < 10; i++) files[`Day ${i}.md`] = `# Day ${i}\n\nnotes of day ${i}\n`;
      const dir = vaultFolder(files);

      // The first-run screen's "Open folder as vault…" (the folder picker answers with dir).
      await bridge.pick(dir);
      const welcome = page.getByRole("region", { name: "Getting started" });
      await welcome.getByRole("button", { name: "Open folder as vault…" }).click({ timeout: 30_000 });
      await welcome.waitFor({ state: "detached", timeout: 30_000 });
      await until(async () => (await notes(page)).length === 10, "the folder's 10 notes");

      // Six of ten files vanish at once (a sync tool gone wrong): held, not applied.
      const gone = [0, 1, 2, 3, 4, 5].map((i) => `Day ${i}.md`);
      for (const f of gone) unlinkSync(join(dir, f));
      const banner = page.getByRole("alert", { name: "Deletions held" });
      await banner.filter({ hasText: "6 files were deleted outside the app — apply or restore?" }).waitFor({ timeout: 30_000 });
      const held = page.getByRole("button", { name: "⚠ 6 deletions held" });
      await held.waitFor();
      eq((await notes(page)).length, 10, "notes while the deletion is held");
      await page.screenshot({ path: `${shots}/vault-deletions-held.png` });

      // From the status bar the keyboard reaches the safe answer: restore.
      await held.click();
      assert(await banner.getByRole("button", { name: "Restore the files" }).evaluate((b) => b === document.activeElement), "Restore has the focus");
      await page.keyboard.press("Enter");
      await banner.waitFor({ state: "detached", timeout: 20_000 });
      for (const f of gone) await until(() => read(join(dir, f)) === files[f], `${f} restored`);
      eq((await notes(page)).length, 10, "notes after restoring");

      // Again, and this time the person applies it: the notes go to the trash.
      for (const f of gone) unlinkSync(join(dir, f));
      await banner.waitFor({ timeout: 30_000 });
      await banner.getByRole("button", { name: "Apply the deletions" }).click();
      await banner.waitFor({ state: "detached", timeout: 20_000 });
      await until(async () => (await notes(page)).length === 4, "4 notes left");
      const trashed = (await notes(page, true)).map((n) => n.title).sort();
      eq(JSON.stringify(trashed), JSON.stringify(gone.map((f) => f.replace(/\.md$/, "")).sort()), "the trashed notes");
      assert(gone.every((f) => !existsSync(join(dir, f))), "the deleted files stay deleted");
    }),
  { timeout: 240_000 },
);
