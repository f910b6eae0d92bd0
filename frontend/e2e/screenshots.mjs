// Screenshots of the main screens for docs/screenshots, taken in Debian's
// Chromium against the real backend through the e2e bridge:
//   E2E_SCRIPT=frontend/e2e/screenshots.mjs build/scripts/e2e.sh
// SHOTS_DIR (default docs/screenshots) is where the PNGs go.
import { mkdirSync } from "node:fs";
import { bridgeCall, launch, openApp, openFromList, waitTitle } from "./harness.mjs";

const dir = process.env.SHOTS_DIR || "docs/screenshots";
mkdirSync(dir, { recursive: true });

// A small vault of people, ideas and projects that link to each other.
const notes = [
  ["Ada Lovelace", "people", "---\ntype: person\naliases: [Countess of Lovelace]\n---\n# Ada Lovelace\n\nWrote the first published **program**, for the [[Analytical Engine]] of [[Charles Babbage]].\n\n- [x] read her *Notes* on Menabrea\n- [ ] compare with [[Note G]]\n\n#people #history/computing"],
  ["Charles Babbage", "people", "---\ntype: person\n---\nDesigned the [[Difference Engine]] and the [[Analytical Engine]]. Corresponded with [[Ada Lovelace]].\n\n#people"],
  ["Analytical Engine", "projects/engines", "---\ntype: project\nauthor: \"[[Charles Babbage]]\"\n---\nA general-purpose mechanical computer. Programs on punched cards, as in the [[Jacquard loom]].\n\n![[Note G]]\n\n#history/computing"],
  ["Note G", "projects/engines", "The algorithm for Bernoulli numbers by [[Ada Lovelace]]: the first computer program.\n\n#history/computing #idea"],
  ["Difference Engine", "projects/engines", "Babbage's first engine, for polynomial tables. See [[Charles Babbage]].\n\n#history/computing"],
  ["Jacquard loom", "ideas", "Punched cards controlling a loom — the idea the [[Analytical Engine]] borrowed.\n\n#idea"],
  ["Reading list", "", "- [[Ada Lovelace]] biography\n- Sketch of the [[Analytical Engine]]\n- Something on the [[Turing machine]]\n\n#reading"],
  ["Second brain ideas", "ideas", "Link people, ideas and projects; find them by words and by meaning.\n\nRelated: [[Reading list]], [[Note G]]\n\n#idea"],
];

const browser = await launch();
try {
  const made = {};
  for (const [title, folder, body] of notes) made[title] = await bridgeCall("NotesAPI", "Create", title, folder, body);
  // A second version, for the history's diff.
  const ada = made["Ada Lovelace"];
  await bridgeCall("NotesAPI", "Save", ada.id, ada.version, ada.body.replace("- [ ] compare with [[Note G]]", "- [x] compare with [[Note G]]\n- [ ] visit the Science Museum"));
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  const page = await context.newPage();
  await openApp(page);
  await page.getByRole("button", { name: "Expand projects" }).click();
  await openFromList(page, "Ada Lovelace");
  await page.getByText("Backlinks").first().waitFor();
  await page.getByLabel("Embeddings status").waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${dir}/main.png` });

  await page.getByRole("button", { name: "History", exact: true }).click();
  await page.getByRole("complementary", { name: "History" }).getByRole("button", { name: /^v1\b/ }).click();
  await page.getByRole("table", { name: /^Changes from version 1/ }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/history.png` });
  await page.getByRole("button", { name: "Close history" }).click();

  await page.getByRole("button", { name: "Read", exact: true }).click();
  await page.locator(".reading-body").waitFor();
  await page.screenshot({ path: `${dir}/reading.png` });
  await page.getByRole("button", { name: "Read", exact: true }).click();

  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByLabel("Search notes").fill("engine");
  await page.locator(".search-results .result").first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/search.png` });

  await page.keyboard.press("Control+o");
  await page.getByLabel("Note title").fill("ana");
  await page.getByRole("listbox", { name: "Matching notes" }).getByRole("option").first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/quick-switcher.png` });
  await page.keyboard.press("Enter");
  await waitTitle(page, "Analytical Engine");

  await page.keyboard.press("Control+k");
  await page.getByRole("dialog", { name: "Command palette" }).waitFor();
  await page.screenshot({ path: `${dir}/command-palette.png` });
  await page.keyboard.press("Escape");

  // The graph is the slowest screen to settle; a failure there keeps the other shots.
  try {
    await page.keyboard.press("Control+g");
    await page.getByRole("button", { name: "Everything" }).click();
    await page.locator(".graph-canvas canvas").first().waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${dir}/graph.png` });
  } catch (e) {
    console.error(`graph screenshot not taken: ${e.message.split("\n")[0]}`);
    process.exitCode = 1;
  }
  await openApp(page); // a fresh window for the settings, whatever the graph left

  await page.keyboard.press("Control+,");
  await page.getByRole("dialog", { name: "Settings" }).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${dir}/settings.png` });

  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
  const p2 = await dark.newPage();
  await openApp(p2);
  await openFromList(p2, "Analytical Engine");
  await p2.waitForTimeout(500);
  await p2.screenshot({ path: `${dir}/dark.png` });
  console.log(`screenshots: written to ${dir}`);
} finally {
  await browser.close();
}
