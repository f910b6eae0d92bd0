import Graph from "graphology";
import { describe, expect, it } from "vitest";
import { labelBudget, makeLabelDrawer, overlaps, placeLabel, rankByDegree, type LabelBox } from "./labels";

describe("labels", () => {
  it("ranks by degree, ties by label", () => {
    const g = new Graph();
    g.addNode("x", { label: "Zeta", degree: 3 });
    g.addNode("y", { label: "Alpha", degree: 3 });
    g.addNode("z", { label: "Hub", degree: 40 });
    g.addNode("w", { label: "Leaf", degree: 1 });
    expect(Object.fromEntries(rankByDegree(g))).toEqual({ z: 0, y: 1, x: 2, w: 3 });
  });

  it("shows a few dozen labels for the whole graph and more as the camera zooms in", () => {
    const whole = labelBudget(1, 1200, 700);
    expect(whole).toBeGreaterThanOrEqual(12);
    expect(whole).toBeLessThan(60);
    expect(labelBudget(0.5, 1200, 700)).toBe(whole * 4);
    expect(labelBudget(0.1, 1200, 700)).toBeGreaterThan(3000);
    expect(labelBudget(2, 1200, 700)).toBeLessThan(whole);
  });

  it("keeps a label inside the canvas, beside its node", () => {
    expect(placeLabel(100, 100, 5, 60, 14, 800, 600)).toEqual({ x: 108, y: 100 + 14 / 3 });
    // Near the right edge the label goes to the node's left.
    expect(placeLabel(780, 100, 5, 60, 14, 800, 600)).toEqual({ x: 780 - 5 - 3 - 60, y: 100 + 14 / 3 });
    // Near the bottom and top edges the baseline stays inside.
    expect(placeLabel(100, 599, 5, 60, 14, 800, 600)?.y).toBe(597);
    expect(placeLabel(100, 1, 5, 60, 14, 800, 600)?.y).toBe(14);
    // Wider than the canvas: from its left edge.
    expect(placeLabel(10, 100, 5, 900, 14, 800, 600)?.x).toBe(2);
    // A node off the canvas has no label anywhere.
    expect(placeLabel(-3, 100, 5, 60, 14, 800, 600)).toBeNull();
    expect(placeLabel(100, 650, 5, 60, 14, 800, 600)).toBeNull();
  });

  it("draws only the labels within the budget, in the theme's colour", () => {
    const drawn: { text: string; x: number; y: number; fill: string }[] = [];
    const ctx: { fillStyle: string } & Record<string, unknown> = {
      canvas: { width: 1000, height: 500 },
      getTransform: () => ({ a: 1 }),
      font: "",
      fillStyle: "",
      measureText: (t: string) => ({ width: t.length * 7 }),
      fillText(text: string, x: number, y: number) {
        drawn.push({ text, x, y, fill: ctx.fillStyle });
      },
    };
    let ratio = 1;
    const draw = makeLabelDrawer({
      style: () => ({ color: "#e6e6e9", background: "#1e1f22", font: "sans-serif", size: 14, weight: "normal" }),
      ratio: () => ratio,
    });
    const budget = labelBudget(1, 1000, 500);
    draw(ctx as unknown as CanvasRenderingContext2D, { key: "hub", label: "Hub", x: 10, y: 10, size: 4, rank: 0 });
    draw(ctx as unknown as CanvasRenderingContext2D, { key: "leaf", label: "Leaf", x: 20, y: 20, size: 4, rank: budget });
    draw(ctx as unknown as CanvasRenderingContext2D, { key: "found", label: "Found", x: 30, y: 30, size: 4, rank: budget, highlighted: true });
    expect(drawn.map((d) => d.text)).toEqual(["Hub", "Found"]);
    expect(drawn[0].fill).toBe("#e6e6e9");
    ratio = 0.25;
    draw(ctx as unknown as CanvasRenderingContext2D, { key: "leaf", label: "Leaf", x: 20, y: 20, size: 4, rank: budget });
    expect(drawn.map((d) => d.text)).toContain("Leaf");
  });

  it("leaves out a label that would cover one drawn in the same frame", () => {
    const texts: string[] = [];
    const ctx = {
      canvas: { width: 1000, height: 500 },
      getTransform: () => ({ a: 1 }),
      measureText: (t: string) => ({ width: t.length * 7 }),
      fillText: (t: string) => texts.push(t),
    } as unknown as CanvasRenderingContext2D;
    const boxes: LabelBox[] = [];
    const draw = makeLabelDrawer({ style: () => ({ color: "#000", background: "#fff", font: "sans-serif", size: 14, weight: "normal" }), drawn: boxes });
    draw(ctx, { label: "First label", x: 100, y: 100, size: 4 });
    draw(ctx, { label: "Covers it", x: 130, y: 105, size: 4 });
    draw(ctx, { label: "Below", x: 130, y: 140, size: 4 });
    draw(ctx, { label: "Found", x: 120, y: 100, size: 4, highlighted: true });
    expect(texts).toEqual(["First label", "Below", "Found"]);
    expect(overlaps(boxes, { x: 0, y: 0, w: 10, h: 10 })).toBe(false);
    boxes.length = 0; // the next frame
    draw(ctx, { label: "Covers it", x: 130, y: 105, size: 4 });
    expect(texts.at(-1)).toBe("Covers it");
  });
});
