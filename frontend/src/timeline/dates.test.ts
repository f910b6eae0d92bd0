import { describe, expect, it } from "vitest";
import { addDays, isDate, monthGrid, weekday, yearGrid } from "./dates";

describe("dates", () => {
  it("adds days across month and year ends and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    // Across the spring and autumn DST changes in most zones.
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-10-24", 3)).toBe("2026-10-27");
  });

  it("validates dates", () => {
    expect(isDate("2024-02-29")).toBe(true);
    expect(isDate("2023-02-29")).toBe(false);
    expect(isDate("2026-13-01")).toBe(false);
    expect(isDate("26-01-01")).toBe(false);
  });

  it("lays a year out in Monday-first week columns", () => {
    // 2026-01-01 is a Thursday.
    expect(weekday("2026-01-01")).toBe(3);
    const g = yearGrid(2026);
    expect(g.weeks[0]).toEqual([null, null, null, "2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]);
    const days = g.weeks.flat().filter(Boolean);
    expect(days).toHaveLength(365);
    expect(days[days.length - 1]).toBe("2026-12-31");
    expect(g.weeks).toHaveLength(53);
    expect(g.months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(g.months[1]).toEqual({ col: 4, month: 2 }); // Feb 1 is a Sunday in week 5.
    // A leap year starting on a Sunday needs 54 Monday-first columns.
    const leap = yearGrid(2012);
    expect(leap.weeks.flat().filter(Boolean)).toHaveLength(366);
    expect(leap.weeks).toHaveLength(54);
  });

  it("lays a month out in week rows", () => {
    const rows = monthGrid(2026, 2); // February 2026 starts on a Sunday.
    expect(rows[0]).toEqual([null, null, null, null, null, null, "2026-02-01"]);
    expect(rows.flat().filter(Boolean)).toHaveLength(28);
    expect(rows[rows.length - 1][5]).toBe("2026-02-28");
  });
});
