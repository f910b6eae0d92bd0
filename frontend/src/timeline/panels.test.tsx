import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeTimeline } from "../test/FakeTimeline";
import { charts } from "../test/uplotMock";
import { chartData } from "./ActivityChart";
import { DailyCalendar, DailyCalendarButton } from "./DailyCalendar";
import { OnThisDay } from "./OnThisDay";
import type { NoteActivityPoint } from "./source";
import { NoteSparkline, sparkData, sparkSummary } from "./Sparkline";
import { TimelineSourceProvider } from "./useTimelineSource";

vi.mock("uplot", () => import("../test/uplotMock"));

beforeEach(() => {
  charts.length = 0;
});

describe("chartData", () => {
  it("fills the days without activity with zeros, in time order", () => {
    const d = chartData(
      [
        { start: "2026-01-03", created: 1, edited: 2, renamed: 0, trashed: 0, words_added: 30, words_removed: 4, notes: 2 },
        { start: "2026-01-01", created: 0, edited: 1, renamed: 0, trashed: 0, words_added: 5, words_removed: 0, notes: 1 },
      ],
      "day",
      "2026-01-01",
      "2026-01-04",
    );
    expect(d[0]).toHaveLength(4);
    expect(d[0][1] - d[0][0]).toBe(86400);
    expect(d.slice(1)).toEqual([
      [0, 0, 1, 0],
      [1, 0, 2, 0],
      [5, 0, 30, 0],
      [0, 0, 4, 0],
    ]);
  });

  it("keeps weeks and months as the source gives them", () => {
    const d = chartData([{ start: "2026-02-01", created: 2, edited: 0, renamed: 0, trashed: 0, words_added: 0, words_removed: 0, notes: 2 }], "month", "2026-01-01", "2026-12-31");
    expect(d[0]).toHaveLength(1);
    expect(d[1]).toEqual([2]);
  });
});

describe("OnThisDay", () => {
  it("lists earlier years' notes of the day and opens one", async () => {
    const src = fakeTimeline({
      onThisDay: [
        { year: 2025, notes: [{ id: "d1", title: "2025-03-10", path: "Daily/2025-03-10.md", kind: "daily" }] },
        {
          year: 2022,
          notes: [
            { id: "a", title: "Ada", path: "Ada.md", kind: "created" },
            { id: "t", title: "Trip", path: "Trip.md", kind: "date-property" },
          ],
        },
      ],
    });
    const onOpen = vi.fn();
    render(
      <TimelineSourceProvider source={src}>
        <OnThisDay date="2026-03-10" onOpen={onOpen} />
      </TimelineSourceProvider>,
    );
    const panel = screen.getByRole("region", { name: "On this day" });
    await within(panel).findByText("Ada");
    expect(src.onThisDay).toHaveBeenCalledWith("2026-03-10");
    expect(panel.textContent).toContain("2025 (a year ago)");
    expect(panel.textContent).toContain("2022 (4 years ago)");
    expect(panel.textContent).toContain("daily note");
    expect(panel.querySelector("h3 .count")!.textContent).toBe("3");
    fireEvent.click(within(panel).getByText("Trip"));
    expect(onOpen).toHaveBeenCalledWith("t");
  });

  it("says when there is nothing, and shows an error", async () => {
    const { unmount } = render(
      <TimelineSourceProvider source={fakeTimeline()}>
        <OnThisDay date="2026-03-10" onOpen={() => {}} />
      </TimelineSourceProvider>,
    );
    await screen.findByText("Nothing from this day in earlier years.");
    unmount();
    const src = fakeTimeline();
    src.onThisDay.mockRejectedValue(JSON.stringify({ code: "unavailable", message: "Not wired." }));
    render(
      <TimelineSourceProvider source={src}>
        <OnThisDay date="2026-03-10" onOpen={() => {}} />
      </TimelineSourceProvider>,
    );
    expect((await screen.findByRole("alert")).textContent).toBe("Not wired.");
  });
});

const pt = (version: number, time: string, words_added: number, words_removed = 0): NoteActivityPoint => ({ version, time, origin: "app", words_added, words_removed });

describe("Sparkline", () => {
  it("sums the words changed per day", () => {
    const points = [pt(1, "2026-03-01T09:00:00", 10), pt(2, "2026-03-01T18:00:00", 5, 2), pt(3, "2026-03-04T10:00:00", 1, 1)];
    const d = sparkData(points);
    expect(d[1]).toEqual([17, 2]);
    expect(d[0][1] - d[0][0]).toBe(3 * 86400);
    expect(sparkSummary(points)).toBe("3 versions from 2026-03-01 to 2026-03-04, +16 −3 words");
  });

  it("draws a note's activity once it has two versions, and reloads on a new version", async () => {
    const src = fakeTimeline({ activity: { a: [pt(1, "2026-03-01T09:00:00", 10), pt(2, "2026-03-02T09:00:00", 4)], b: [pt(1, "2026-03-01T09:00:00", 3)] } });
    const { rerender } = render(
      <TimelineSourceProvider source={src}>
        <NoteSparkline noteId="a" version={2} />
      </TimelineSourceProvider>,
    );
    const img = await screen.findByRole("img", { name: "Activity: 2 versions from 2026-03-01 to 2026-03-02, +14 −0 words" });
    expect(img).toBeTruthy();
    await waitFor(() => expect(charts).toHaveLength(1));
    expect(charts[0].data[1]).toEqual([10, 4]);
    rerender(
      <TimelineSourceProvider source={src}>
        <NoteSparkline noteId="a" version={3} />
      </TimelineSourceProvider>,
    );
    await waitFor(() => expect(src.noteActivity).toHaveBeenCalledTimes(2));
    rerender(
      <TimelineSourceProvider source={src}>
        <NoteSparkline noteId="b" version={1} />
      </TimelineSourceProvider>,
    );
    await waitFor(() => expect(src.noteActivity).toHaveBeenLastCalledWith("b"));
    await waitFor(() => expect(screen.queryByRole("img")).toBeNull());
  });
});

describe("DailyCalendar", () => {
  const daily = [
    { date: "2026-03-02", id: "d2", title: "2026-03-02" },
    { date: "2026-03-10", id: "d10", title: "2026-03-10" },
    { date: "2026-04-01", id: "a1", title: "2026-04-01" },
  ];

  it("marks the month's daily notes, opens one, and creates a missing one", async () => {
    const src = fakeTimeline({ daily });
    const onOpen = vi.fn();
    render(
      <TimelineSourceProvider source={src}>
        <DailyCalendar date="2026-03-10" today="2026-03-12" onOpen={onOpen} />
      </TimelineSourceProvider>,
    );
    const table = screen.getByRole("table", { name: /^Daily notes in/ });
    await waitFor(() => expect(table.getAttribute("aria-busy")).toBe("false"));
    expect(src.dailyNotes).toHaveBeenCalledWith("2026-03-01", "2026-03-31");
    const marked = within(table)
      .getAllByRole("button")
      .filter((b) => b.classList.contains("has-note"))
      .map((b) => b.textContent);
    expect(marked).toEqual(["2", "10"]);
    const current = table.querySelector("[aria-current=date]")!;
    expect(current.textContent).toBe("10");
    expect(within(table).getAllByRole("button")).toHaveLength(31);

    fireEvent.click(within(table).getByText("2"));
    expect(onOpen).toHaveBeenLastCalledWith("d2");
    await act(async () => fireEvent.click(within(table).getByText("5")));
    expect(src.openDailyNote).toHaveBeenCalledWith("2026-03-05");
    expect(onOpen).toHaveBeenLastCalledWith("new-2026-03-05");
  });

  it("moves between months with the arrows and PageDown", async () => {
    const src = fakeTimeline({ daily });
    render(
      <TimelineSourceProvider source={src}>
        <DailyCalendar date="2026-03-10" onOpen={() => {}} />
      </TimelineSourceProvider>,
    );
    fireEvent.keyDown(screen.getByRole("table"), { key: "PageDown" });
    await waitFor(() => expect(src.dailyNotes).toHaveBeenLastCalledWith("2026-04-01", "2026-04-30"));
    await waitFor(() => expect(document.querySelectorAll(".has-note")).toHaveLength(1));
    fireEvent.click(screen.getByRole("button", { name: "Previous month" }));
    fireEvent.click(screen.getByRole("button", { name: "Previous month" }));
    fireEvent.click(screen.getByRole("button", { name: "Previous month" }));
    await waitFor(() => expect(src.dailyNotes).toHaveBeenLastCalledWith("2026-01-01", "2026-01-31"));
    fireEvent.click(screen.getByRole("button", { name: "Previous month" }));
    await waitFor(() => expect(src.dailyNotes).toHaveBeenLastCalledWith("2025-12-01", "2025-12-31"));
  });

  it("opens in a popover from its button and closes on Escape", async () => {
    const onOpen = vi.fn();
    render(
      <TimelineSourceProvider source={fakeTimeline({ daily })}>
        <DailyCalendarButton date="2026-03-10" onOpen={onOpen} />
      </TimelineSourceProvider>,
    );
    const button = screen.getByRole("button", { name: "Calendar of daily notes" });
    fireEvent.click(button);
    screen.getByRole("dialog", { name: "Calendar of daily notes" });
    expect(document.activeElement?.getAttribute("aria-current")).toBe("date");
    fireEvent.keyDown(document.activeElement!, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    await waitFor(() => expect(document.querySelectorAll(".has-note")).toHaveLength(2));
    fireEvent.click(within(screen.getByRole("dialog")).getByText("10"));
    expect(onOpen).toHaveBeenCalledWith("d10");
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
