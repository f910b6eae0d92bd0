// A stand-in for uPlot in jsdom (which has no canvas): each chart keeps its
// options and data, runs its "ready" hooks, and records zooms. Use with
// vi.mock("uplot", () => import("../test/uplotMock")).
import { vi } from "vitest";

/** FakeUPlot is one chart made by the code under test. */
export class FakeUPlot {
  static paths = { bars: () => () => null };
  opts: Record<string, unknown> & { hooks?: { ready?: ((u: FakeUPlot) => void)[] } };
  data: number[][];
  over = document.createElement("div");
  cursor: { idx: number | null } = { idx: null };
  scales: { x: { min?: number; max?: number } } = { x: {} };
  setScale = vi.fn((_key: string, lim: { min: number; max: number }) => {
    this.scales.x = { ...lim };
  });
  destroyed = false;

  constructor(opts: FakeUPlot["opts"], data: number[][], _el: HTMLElement) {
    this.opts = opts;
    this.data = data;
    charts.push(this);
    opts.hooks?.ready?.forEach((h) => h(this));
  }
  setSize() {}
  destroy() {
    this.destroyed = true;
  }
}

/** charts are the charts made so far, oldest first; clear it between tests. */
export const charts: FakeUPlot[] = [];

export default FakeUPlot;
