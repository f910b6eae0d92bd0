import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { bucket, fakeTimeline } from "../test/FakeTimeline";
import { charts } from "../test/uplotMock";
import { AsOfProvider, useAsOf } from "./asOf";
import { AsOfBanner } from "./AsOfBanner";
import { TimelineView } from "./TimelineView";
import { TimelineSourceProvider } from "./useTimelineSource";

vi.mock("uplot", () => import("../test/uplotMock"));

const days = [
  bucket("2026-03-02", { created: 1, edited: 4, notes: 2, words_added: 120, words_removed: 5 }),
  bucket("2026-03-03", { edited: 1, notes: 1, words_added: 3 }),
  bucket("2025-12-30", { edited: 2, notes: 1 }),
];
const dayNotes = {
  "2026-03-02": [
    { id: "n1", title: "Ada", path: "people/Ada.md", created: true, edits: 3, words_added: 100, words_removed: 5, trashed: false },
    { id: "n2", title: "Old plan", path: "Old plan.md", created: false, edits: 1, words_added: 20, words_removed: 0, renamed_from: "Plan", trashed: true },
  ],
};

function AsOfProbe() {
  return <output aria-label="as of">{useAsOf().asOf ?? "now"}</output>;
}

function setup(src = fakeTimeline({ days, weeks: [bucket("2026-03-02", { edited: 5 })], dayNotes })) {
  const onOpen = vi.fn();
  render(
    <TimelineSourceProvider source={src}>
      <AsOfProvider>
        <AsOfBanner noteId="n1" noteTitle="Ada" folder="people" />
        <TimelineView folders={[{ path: "people", count: 2 }]} tags={[{ name: "math", count: 1 }]} onOpen={onOpen} onClose={() => {}} today="2026-03-10" />
        <AsOfProbe />
      </AsOfProvider>
    </TimelineSourceProvider>,
  );
  return { src, onOpen };
}

beforeEach(() => {
  charts.length = 0;
});

describe("TimelineView", () => {
  it("shows the time zone days are counted in, and reloads when it is set", async () => {
    const { src } = setup();
    const input = await screen.findByLabelText(/Days are counted in the time zone/);
    await waitFor(() => expect((input as HTMLInputElement).value).toBe("Europe/Berlin"));
    const calls = src.timeline.mock.calls.length;
    fireEvent.change(input, { target: { value: "America/New_York" } });
    fireEvent.click(screen.getByRole("button", { name: "Set time zone" }));
    await waitFor(() => expect(src.setZone).toHaveBeenCalledWith("America/New_York"));
    await waitFor(() => expect(src.timeline.mock.calls.length).toBeGreaterThan(calls));
    expect(screen.getByRole("button", { name: "Set time zone" })).toHaveProperty("disabled", true);
  });

  it("draws the year's activity and lists a clicked day's notes with their changes", async () => {
    const { src, onOpen } = setup();
    const cell = await screen.findByRole("gridcell", { name: /^2026-03-02: 2 notes, 1 created, 4 edits/ });
    expect(src.timeline).toHaveBeenCalledWith("2026-01-01", "2026-12-31", "day", {});
    expect(cell.dataset.level).toBe("4");
    // The chart got every day of the year, zeros filled in.
    await waitFor(() => expect(charts.length).toBeGreaterThan(0));
    const data = charts[charts.length - 1].data;
    expect(data[0]).toHaveLength(365);
    expect(data[1].reduce((a, b) => a + b, 0)).toBe(1); // created
    expect(data[2].reduce((a, b) => a + b, 0)).toBe(5); // edited

    fireEvent.click(cell);
    const list = await screen.findByRole("region", { name: "Notes of 2026-03-02" });
    await within(list).findByText("Ada");
    const rows = within(list).getAllByRole("listitem");
    expect(rows[0].textContent).toContain("created");
    expect(rows[0].textContent).toContain("3 edits");
    expect(rows[0].textContent).toContain("+100 −5 words");
    expect(rows[1].textContent).toContain("renamed from “Plan”");
    expect(rows[1].textContent).toContain("trashed");
    fireEvent.click(within(list).getByText("Old plan"));
    expect(onOpen).toHaveBeenCalledWith("n2");
  });

  it("filters by folder, tag and type, switches buckets and years", async () => {
    const { src } = setup();
    await screen.findByRole("grid", { name: "Activity in 2026" });
    fireEvent.change(screen.getByLabelText("Folder"), { target: { value: "people" } });
    await waitFor(() => expect(src.timeline).toHaveBeenLastCalledWith("2026-01-01", "2026-12-31", "day", { folder: "people" }));
    fireEvent.change(screen.getByLabelText("Tag"), { target: { value: "math" } });
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "person" } });
    fireEvent.blur(screen.getByLabelText("Type"));
    await waitFor(() => expect(src.timeline).toHaveBeenLastCalledWith("2026-01-01", "2026-12-31", "day", { folder: "people", tag: "math", type: "person" }));

    fireEvent.click(screen.getByRole("radio", { name: "By week" }));
    await waitFor(() => expect(src.timeline).toHaveBeenLastCalledWith("2026-01-01", "2026-12-31", "week", { folder: "people", tag: "math", type: "person" }));
    await waitFor(() => expect(charts[charts.length - 1].data[0]).toHaveLength(1));

    expect((screen.getByRole("button", { name: "Next year" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Previous year" }));
    await screen.findByRole("grid", { name: "Activity in 2025" });
    await screen.findByRole("gridcell", { name: /^2025-12-30: 1 note, 2 edits/ });
  });

  it("zooms the chart from the buttons and picks a day from a click on it", async () => {
    setup();
    await waitFor(() => expect(charts.length).toBeGreaterThan(0));
    const u = charts[charts.length - 1];
    const xs = u.data[0];
    fireEvent.click(screen.getByTitle("Zoom in"));
    expect(u.setScale).toHaveBeenCalledTimes(1);
    const { min, max } = u.setScale.mock.calls[0][1];
    expect(max - min).toBeCloseTo((xs[xs.length - 1] - xs[0]) / 2, -1);
    fireEvent.click(screen.getByRole("button", { name: "Reset zoom" }));
    expect(u.setScale).toHaveBeenLastCalledWith("x", { min: xs[0], max: xs[xs.length - 1] });

    // A click on 2 March (day 61 of the year) lists its notes; a drag does not.
    u.cursor.idx = 60;
    fireEvent.mouseDown(u.over, { clientX: 10 });
    fireEvent.click(u.over, { clientX: 80 });
    expect(screen.queryByRole("region", { name: /^Notes of/ })).toBeNull();
    fireEvent.mouseDown(u.over, { clientX: 10 });
    fireEvent.click(u.over, { clientX: 10 });
    await screen.findByRole("region", { name: "Notes of 2026-03-02" });
  });

  it("shows the vault as of a moment, refuses the future, restores, and goes back to now", async () => {
    const { src } = setup();
    expect(screen.queryByRole("status", { name: "As of" })).toBeNull();
    const input = screen.getByLabelText("View the vault as of");
    fireEvent.change(input, { target: { value: "2999-01-01T10:00" } });
    fireEvent.click(screen.getByRole("button", { name: "View as of" }));
    expect(screen.getByRole("alert").textContent).toBe("That moment is in the future.");
    expect(screen.getByLabelText("as of").textContent).toBe("now");

    fireEvent.change(input, { target: { value: "2026-03-02T12:30" } });
    fireEvent.click(screen.getByRole("button", { name: "View as of" }));
    const moment = new Date(2026, 2, 2, 12, 30).toISOString();
    expect(screen.getByLabelText("as of").textContent).toBe(moment);
    const banner = screen.getByRole("status", { name: "As of" });
    expect(banner.textContent).toContain("Viewing the vault as of");
    expect(banner.textContent).toContain("read-only");

    await act(async () => fireEvent.click(within(banner).getByRole("button", { name: "Restore this note as of then" })));
    expect(src.restoreNote).toHaveBeenCalledWith("n1", moment);
    expect(banner.textContent).toContain("Restored “Ada”");

    // A folder asks first.
    fireEvent.click(within(banner).getByRole("button", { name: "Restore folder people as of then" }));
    expect(src.restoreFolder).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Restore folder" })));
    expect(src.restoreFolder).toHaveBeenCalledWith("people", moment);
    expect(banner.textContent).toContain("Restored 3 notes in people");

    fireEvent.click(within(banner).getByRole("button", { name: "Back to now" }));
    expect(screen.queryByRole("status", { name: "As of" })).toBeNull();
    expect(screen.getByLabelText("as of").textContent).toBe("now");
  });

  it("shows the source's error", async () => {
    const src = fakeTimeline();
    src.timeline.mockRejectedValue(JSON.stringify({ code: "unavailable", message: "The timeline store is down." }));
    setup(src);
    expect((await screen.findByRole("alert")).textContent).toBe("The timeline store is down.");
  });
});
