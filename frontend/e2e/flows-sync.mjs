// e2e flows of device sync (issue 21): a person sets sync up on one device in
// Settings (the hub is a PostgreSQL they can reach — here a database of the
// first bridge's own cluster — and a passphrase typed twice), is shown the
// recovery code once, writes a note; on a second device (a second bridge,
// its own cluster and config) they set up with the same hub and passphrase,
// and the note is there. Then an edit typed on the second device reaches
// the first. A wrong passphrase is refused and nothing changes.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { api, assert, eq, newNote, openFromList, shots, startBridge, test, typeAtEnd, waitSaved, watch } from "./harness.mjs";


/** syncBridge starts a bridge on a fresh data dir and config folder. */
function syncBridge(prefix) {
  return startBridge(prefix, (work) => ({
    XDG_CONFIG_HOME: join(work, "config"),
    SECONDBRAIN_DATA_DIR: join(work, "data"),
    SECONDBRAIN_POSTGRES_DSN: "",
    SECONDBRAIN_SYNC_HUB: "",
  }));
}

/** until polls check (async) until it returns a truthy value, which it returns. */
async function until(check, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** notes lists the live notes through the page's bindings. */
async function notes(page) {
  return (await api(page, "NotesAPI", "List", "title", 0, 500, false)).notes;
}

/** setUp fills Settings → Device sync and submits it; it leaves the dialog open. */
async function setUp(page, hub, device, pass) {
  await page.keyboard.press("Control+,");
  const settings = page.getByRole("dialog", { name: "Settings" });
  const section = settings.getByRole("group", { name: "Device sync" });
  await section.getByLabel("Hub address").fill(hub);
  await section.getByLabel("Device name").fill(device);
  await section.getByLabel("Sync passphrase", { exact: true }).fill(pass);
  await section.getByLabel("Sync passphrase again").fill(pass);
  await section.getByRole("button", { name: "Set up sync" }).click();
  return { settings, section };
}

async function closeSettings(settings) {
  await settings.getByRole("button", { name: "Close", exact: true }).click();
  await settings.waitFor({ state: "detached" });
}

test(
  "sync: set up two devices in Settings; a note written on one appears on the other, an edit comes back; a wrong passphrase is refused",
  async ({ context }) => {
    const a = await syncBridge("secondbrain-e2e-sync-a-");
    let b = null;
    const pages = [];
    try {
      // The hub: a database of the first device's cluster, reached by its socket.
      const sock = join(a.dataDir, "pg", "run");
      const ready = async () => {
        try {
          execFileSync("psql", ["-h", sock, "-U", "secondbrain", "-d", "secondbrain", "-c", "CREATE DATABASE hub"], { stdio: "pipe" });
          return true;
        } catch (e) {
          return String(e.stderr).includes("already exists");
        }
      };
      const pa = await context.newPage();
      pages.push(pa);
      const guardA = watch(pa);
      await pa.goto(a.url + "/");
      await pa.evaluate(() => window.__e2e.connected);
      await until(ready, "the first device's cluster to take a database");
      const hub = `host=${sock} port=5432 user=secondbrain dbname=hub sslmode=disable`;

      // Device A makes the vault on the hub and is shown the recovery code once.
      const { settings: sa, section: secA } = await setUp(pa, hub, "Laptop", "correct horse battery");
      const code = secA.getByLabel("Recovery code");
      await code.waitFor({ timeout: 60_000 });
      assert(/[0-9A-Z]{5}(-[0-9A-Z]{5}){5}/.test(await code.textContent()), "a recovery code of six groups");
      await secA.getByLabel("Sync device").filter({ hasText: /^Laptop$/ }).waitFor();
      await pa.screenshot({ path: `${shots}/sync-setup.png` });
      await secA.getByRole("button", { name: "I have saved it" }).click();
      await code.waitFor({ state: "detached" });
      await closeSettings(sa);

      // A note typed on device A.
      await newNote(pa, "Shopping");
      await typeAtEnd(pa, "\n- milk\n- eggs");
      await waitSaved(pa);

      // Device B joins with the same hub and passphrase: the note arrives.
      b = await syncBridge("secondbrain-e2e-sync-b-");
      const pb = await context.newPage();
      pages.push(pb);
      const guardB = watch(pb);
      await pb.goto(b.url + "/");
      await pb.evaluate(() => window.__e2e.connected);

      // First a wrong passphrase: refused, nothing set up.
      const wrong = await setUp(pb, hub, "Desktop", "not the passphrase");
      await wrong.section.getByRole("alert").filter({ hasText: /passphrase/ }).waitFor({ timeout: 60_000 });
      eq((await api(pb, "SyncAPI", "Status")).configured, false, "device B set up after a wrong passphrase");
      await closeSettings(wrong.settings);

      const right = await setUp(pb, hub, "Desktop", "correct horse battery");
      await right.section.getByRole("status").filter({ hasText: /Joined the vault/ }).waitFor({ timeout: 60_000 });
      eq(await right.section.getByLabel("Recovery code").count(), 0, "a recovery code shown to a joining device");
      await closeSettings(right.settings);
      const list = pb.getByRole("listbox", { name: "Notes" });
      await list.locator(".note-row-title", { hasText: /^Shopping$/ }).waitFor({ timeout: 30_000 });
      await openFromList(pb, "Shopping");
      await pb.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("eggs"), null, { timeout: 20_000 });

      // An edit typed on B reaches A, where the open note shows it.
      await typeAtEnd(pb, "\n- bread");
      await waitSaved(pb);
      const shopping = (await notes(pa)).find((n) => n.title === "Shopping");
      assert(shopping, "Shopping on device A");
      await until(async () => (await api(pa, "NotesAPI", "Get", shopping.id)).body.includes("- bread"), "B's edit on device A");
      await pb.getByRole("button", { name: "Device sync status" }).filter({ hasText: /^Synced|^Syncing/ }).waitFor({ timeout: 20_000 });
      await pb.screenshot({ path: `${shots}/sync-second-device.png` });
      for (const [guard, bridge] of [
        [guardA, a],
        [guardB, b],
      ]) {
        guard.seen.navigations = guard.seen.navigations.filter((u) => !u.startsWith(bridge.url));
        guard.check();
      }
    } finally {
      for (const p of pages) await p.close().catch(() => {});
      if (b) await b.stop();
      await a.stop();
    }
  },
  { timeout: 240_000 },
);
