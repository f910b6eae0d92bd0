// The heatmap bench's page: draws the timeline's year heatmap with 366 days
// of activity, RUNS times, and leaves the timings on window.benchResult.
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import "../../src/style.css";
import "../../src/timeline/timeline.css";
import { addDays } from "../../src/timeline/dates";
import { Heatmap } from "../../src/timeline/Heatmap";
import type { ActivityBucket } from "../../src/timeline/source";

const RUNS = 20;

function year(): ActivityBucket[] {
  const out: ActivityBucket[] = [];
  let d = "2024-01-01";
  for (let i = 0; i < 366; i++, d = addDays(d, 1)) {
    const edited = (i * 7919) % 23;
    out.push({ start: d, created: i % 3, edited, renamed: 0, trashed: 0, words_added: edited * 40, words_removed: edited * 3, notes: edited ? 1 + (i % 5) : 0 });
  }
  return out;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

async function run() {
  const days = year();
  const host = document.getElementById("root")!;
  const render: number[] = [];
  const drawn: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const root = createRoot(host);
    await frame();
    const t0 = performance.now();
    flushSync(() => root.render(<Heatmap year={2024} days={days} selected={null} onSelect={() => {}} />));
    const t1 = performance.now();
    host.getBoundingClientRect(); // style and layout
    await frame(); // and the paint
    const t2 = performance.now();
    render.push(t1 - t0);
    drawn.push(t2 - t0);
    if (host.querySelectorAll("[role=gridcell]").length !== 366) throw new Error("the heatmap did not draw 366 days");
    root.unmount();
  }
  return { runs: RUNS, render, drawn };
}

(window as unknown as { benchResult: Promise<unknown> }).benchResult = run();
