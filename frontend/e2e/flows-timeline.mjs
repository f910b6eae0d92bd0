// e2e flows of the timeline (issue 20): the timeline opens from the palette
// and the sidebar, its year heatmap is a keyboard grid of every day, the
// bucket switch and the "as of" banner work, and a daily note has a calendar.
// They check what the UI does, not the backend's numbers.
import { assert, eq, openApp, runCommand, test } from "./harness.mjs";

const pad = (n) => String(n).padStart(2, "0");
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

test("timeline: the year heatmap, keyboard moves, buckets and the as-of banner", async ({ page }) => {
  await openApp(page);
  await runCommand(page, "Show timeline");
  const year = new Date().getFullYear();
  const grid = page.getByRole("grid", { name: `Activity in ${year}` });
  await grid.waitFor();
  const leap = new Date(year, 1, 29).getMonth() === 1;
  eq(await grid.getByRole("gridcell").count(), leap ? 366 : 365, "days in the heatmap");

  // The one tab stop is today; ArrowRight moves a week on (when that is still this year).
  const today = new Date();
  const stop = grid.locator('[role=gridcell][tabindex="0"]');
  eq(await stop.getAttribute("data-date"), iso(today), "the heatmap's tab stop");
  await stop.focus();
  const back = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 7);
  if (back.getFullYear() === year) {
    await page.keyboard.press("ArrowLeft");
    eq(await page.evaluate(() => document.activeElement?.getAttribute("data-date")), iso(back), "a week back");
    assert(await page.getByRole("tooltip").isVisible(), "the focused day's tooltip shows");
  }

  await page.getByRole("radio", { name: "By month" }).click();
  eq(await page.getByRole("radio", { name: "By month" }).getAttribute("aria-checked"), "true", "by month chosen");

  // As of a past moment: the banner, and back to now.
  await page.getByLabel("View the vault as of").fill(`${year - 1}-06-01T12:00`);
  await page.getByRole("button", { name: "View as of" }).click();
  const banner = page.getByRole("status", { name: "As of" });
  await banner.waitFor();
  assert((await banner.textContent()).includes("Viewing the vault as of"), "the as-of banner says so");
  await banner.getByRole("button", { name: "Back to now" }).click();
  await banner.waitFor({ state: "detached" });

  await page.getByRole("button", { name: "Close timeline" }).click();
  await grid.waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Timeline", exact: true }).click();
  await grid.waitFor();
});

test("timeline: a daily note has a month calendar", async ({ page }) => {
  await openApp(page);
  await page.keyboard.press("Control+d");
  const button = page.getByRole("button", { name: "Calendar of daily notes" });
  await button.click();
  const dialog = page.getByRole("dialog", { name: "Calendar of daily notes" });
  await dialog.waitFor();
  const now = new Date();
  const days = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
  eq(await dialog.locator("button.day").count(), days, "days in the calendar");
  eq(await dialog.locator("[aria-current=date]").textContent(), String(now.getDate()), "today's note's day");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
});
