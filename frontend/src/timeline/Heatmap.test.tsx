import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { bucket } from "../test/FakeTimeline";
import { addDays } from "./dates";
import { describeDay, Heatmap, levels } from "./Heatmap";
import type { ActivityBucket } from "./source";

// A leap year's 366 days, each with a different amount of activity: day i has i % 9 edits.
function leapYear(): ActivityBucket[] {
  const out: ActivityBucket[] = [];
  let d = "2024-01-01";
  for (let i = 0; i < 366; i++, d = addDays(d, 1)) out.push(bucket(d, { edited: i % 9, notes: i % 9 ? 1 : 0, words_added: i }));
  return out;
}

describe("levels", () => {
  it("grades busy days by the year's quartiles and leaves empty days at 0", () => {
    const days = new Map([1, 2, 3, 4, 5, 6, 7, 8, 0].map((n, i) => [`2026-01-0${i + 1}`, bucket(`2026-01-0${i + 1}`, { edited: n })]));
    const l = levels(days);
    expect([...l.values()]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 0]);
    // One busy day is the darkest; ties share a level.
    expect([...levels(new Map([["2026-01-01", bucket("2026-01-01", { created: 1 })]])).values()]).toEqual([4]);
    const ties = levels(new Map(["a", "b", "c", "d"].map((k, i) => [k, bucket(k, { edited: i < 3 ? 2 : 9 })])));
    expect([...ties.values()]).toEqual([1, 1, 1, 4]);
  });
});

describe("Heatmap", () => {
  it("draws every day of a leap year with its activity and level", () => {
    const days = leapYear();
    const { container } = render(<Heatmap year={2024} days={days} selected={null} onSelect={() => {}} />);
    const grid = screen.getByRole("grid", { name: "Activity in 2024" });
    const cells = within(grid).getAllByRole("gridcell");
    expect(cells).toHaveLength(366);
    // Each cell says its own day's numbers, in date order column by column.
    const byDate = new Map(cells.map((c) => [c.dataset.date!, c]));
    expect(byDate.size).toBe(366);
    for (const b of days) expect(byDate.get(b.start)!.getAttribute("aria-label")).toBe(describeDay(b.start, b));
    expect(byDate.get("2024-01-01")!.dataset.level).toBe("0"); // 0 edits
    expect(byDate.get("2024-01-09")!.dataset.level).toBe("4"); // 8 edits, the most
    expect(byDate.get("2024-01-02")!.dataset.level).toBe("1"); // 1 edit, the least
    expect(byDate.get("2024-02-29")).toBeTruthy();
    // 2024-01-01 is a Monday: the first row of the first column.
    const firstRow = container.querySelectorAll("tbody tr")[0];
    expect(firstRow.querySelector("td")!.dataset.date).toBe("2024-01-01");
    expect(container.querySelectorAll("thead th.heatmap-month")).toHaveLength(12);
    // One cell is in the tab order.
    expect(cells.filter((c) => c.tabIndex === 0).map((c) => c.dataset.date)).toEqual(["2024-01-01"]);
  });

  it("moves by day and week with the arrows, chooses with Enter and a click, and shows a tooltip", () => {
    const onSelect = vi.fn();
    render(<Heatmap year={2024} days={leapYear()} selected="2024-03-01" onSelect={onSelect} />);
    const cell = (d: string) => document.querySelector<HTMLElement>(`[data-date="${d}"]`)!;
    expect(cell("2024-03-01").tabIndex).toBe(0);
    expect(cell("2024-03-01").getAttribute("aria-selected")).toBe("true");
    cell("2024-03-01").focus();
    fireEvent.keyDown(cell("2024-03-01"), { key: "ArrowRight" });
    expect(document.activeElement).toBe(cell("2024-03-08"));
    fireEvent.keyDown(cell("2024-03-08"), { key: "ArrowUp" });
    expect(document.activeElement).toBe(cell("2024-03-07"));
    expect(screen.getByRole("tooltip").textContent).toContain("3 edits, +66 −0 words");
    fireEvent.keyDown(cell("2024-03-07"), { key: "Enter" });
    expect(onSelect).toHaveBeenLastCalledWith("2024-03-07");
    fireEvent.keyDown(cell("2024-03-07"), { key: "End" });
    expect(document.activeElement).toBe(cell("2024-12-31"));
    // Past the year's end nothing moves.
    fireEvent.keyDown(cell("2024-12-31"), { key: "ArrowRight" });
    expect(document.activeElement).toBe(cell("2024-12-31"));
    fireEvent.keyDown(cell("2024-12-31"), { key: "Home" });
    expect(document.activeElement).toBe(cell("2024-01-01"));
    fireEvent.click(cell("2024-06-15"));
    expect(onSelect).toHaveBeenLastCalledWith("2024-06-15");
    expect(cell("2024-06-15").tabIndex).toBe(0);
  });

  it("says a day without activity has none", () => {
    render(<Heatmap year={2026} days={[]} selected={null} onSelect={() => {}} today="2026-05-04" />);
    const c = document.querySelector<HTMLElement>('[data-date="2026-05-04"]')!;
    expect(c.getAttribute("aria-label")).toBe("2026-05-04: no activity");
    expect(c.className).toContain("today");
    expect(c.tabIndex).toBe(0);
    expect(screen.getAllByRole("gridcell")).toHaveLength(365);
  });
});
