// Local calendar dates as "YYYY-MM-DD" strings, and the grids the heatmap and
// the daily calendar lay them out in. Weeks start on Monday (ISO 8601).

const pad = (n: number) => String(n).padStart(2, "0");

/** isoDate returns d's local calendar date as "YYYY-MM-DD". */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** parseDate returns local midnight of "YYYY-MM-DD" (only the first ten characters are read, so a date-time works too). */
export function parseDate(s: string): Date {
  const [y, m, d] = s.slice(0, 10).split("-").map(Number);
  return new Date(y, m - 1, d);
}

/** isDate says whether s is a valid "YYYY-MM-DD". */
export function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && isoDate(parseDate(s)) === s;
}

/** addDays returns the date n days after s (before for negative n), across month ends and DST changes. */
export function addDays(s: string, n: number): string {
  const d = parseDate(s);
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** weekday returns s's day of the week, 0 for Monday to 6 for Sunday. */
export function weekday(s: string): number {
  return (parseDate(s).getDay() + 6) % 7;
}

/** daysInMonth returns how many days month (1–12) of year has. */
export function daysInMonth(year: number, month: number): number {
  return new Date(year, month, 0).getDate();
}

/** YearGrid is a year laid out as a heatmap: columns are weeks (Monday first), each of seven dates or null outside the year. */
export interface YearGrid {
  weeks: (string | null)[][];
  /** months gives the column each month starts in, for the labels above. */
  months: { col: number; month: number }[];
}

/** yearGrid lays out year's days in week columns, like a contribution calendar: 53 or 54 columns. */
export function yearGrid(year: number): YearGrid {
  const first = `${year}-01-01`;
  const lead = weekday(first);
  const weeks: (string | null)[][] = [];
  const months: { col: number; month: number }[] = [];
  let day = first;
  let i = lead;
  while (day.startsWith(`${year}-`)) {
    const col = Math.floor(i / 7);
    if (!weeks[col]) weeks[col] = new Array<string | null>(7).fill(null);
    weeks[col][i % 7] = day;
    if (day.endsWith("-01")) months.push({ col, month: Number(day.slice(5, 7)) });
    day = addDays(day, 1);
    i++;
  }
  return { weeks, months };
}

/** monthGrid lays out month (1–12) of year in week rows, Monday first, null before the 1st and after the last day. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = `${year}-${pad(month)}-01`;
  const n = daysInMonth(year, month);
  const cells: (string | null)[] = new Array<string | null>(weekday(first)).fill(null);
  for (let d = 1; d <= n; d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);
  const rows: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return rows;
}

/** monthName returns month's (1–12) name in the user's locale ("March"), or its short form. */
export function monthName(month: number, style: "long" | "short" = "long"): string {
  return new Date(2000, month - 1, 1).toLocaleString(undefined, { month: style });
}

/** longDate returns s as the user's locale writes a full date ("Tuesday, March 3, 2026"). */
export function longDate(s: string): string {
  return parseDate(s).toLocaleDateString(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
}

/** WEEKDAYS are the short names of Monday to Sunday in the user's locale. */
export const WEEKDAYS: string[] = Array.from({ length: 7 }, (_, i) => new Date(2024, 0, 1 + i).toLocaleString(undefined, { weekday: "short" }));
