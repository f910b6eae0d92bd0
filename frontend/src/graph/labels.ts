// Package graph: which node labels the graph view draws, and where. Labels
// are drawn by sigma on a 2D canvas at the node's viewport position each
// frame; these functions choose the few that matter in a big graph (the
// most connected first, more as the camera zooms in) and keep each one
// inside the canvas, beside its node.
import type Graph from "graphology";

/** LabelStyle is how labels look: the theme's text and background colours, and the font. */
export interface LabelStyle {
  color: string;
  background: string;
  font: string;
  size: number;
  weight: string;
}

/** rankByDegree gives each node its rank by degree (0 = most connected); ties by label, then id, so it repeats. */
export function rankByDegree(g: Graph, degreeAttr = "degree"): Map<string, number> {
  const ids = g.nodes();
  const deg = (id: string) => Number(g.getNodeAttribute(id, degreeAttr) ?? 0);
  const label = (id: string) => String(g.getNodeAttribute(id, "label") ?? "");
  ids.sort((a, b) => deg(b) - deg(a) || label(a).localeCompare(label(b)) || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(ids.map((id, i) => [id, i]));
}

/** LABELS_PER_MEGAPIXEL is how many labels an unzoomed global graph shows per million square pixels of canvas. */
export const LABELS_PER_MEGAPIXEL = 40;

/**
 * labelBudget is how many of the most connected nodes may show a label at
 * camera ratio `ratio` (1 = the whole graph, smaller = zoomed in) on a
 * canvas of width×height: a few dozen for the whole graph, growing with the
 * area zoomed into (ratio² smaller each time the view halves).
 */
export function labelBudget(ratio: number, width: number, height: number): number {
  const base = Math.max(12, Math.round((width * height * LABELS_PER_MEGAPIXEL) / 1e6));
  const r = Math.max(ratio, 1e-6);
  return Math.min(Number.MAX_SAFE_INTEGER, Math.round(base / (r * r)));
}

/**
 * placeLabel returns where a label of textWidth goes for a node drawn at
 * (x, y) with radius size on a width×height canvas: right of the node, or
 * left of it when the right side would leave the canvas, its baseline kept
 * inside; null when the node itself is off the canvas (its label is not
 * drawn elsewhere).
 */
export function placeLabel(
  x: number,
  y: number,
  size: number,
  textWidth: number,
  fontSize: number,
  width: number,
  height: number,
): { x: number; y: number } | null {
  if (x < 0 || y < 0 || x > width || y > height) return null;
  const gap = 3;
  let lx = x + size + gap;
  if (lx + textWidth > width - 2) lx = x - size - gap - textWidth;
  lx = Math.max(2, Math.min(lx, width - 2 - textWidth));
  const ly = Math.max(fontSize, Math.min(y + fontSize / 3, height - 3));
  return { x: lx, y: ly };
}

/** NodeLabelData is what sigma passes a label drawer: the node's viewport position, rendered size and attributes. */
export interface NodeLabelData {
  key?: string;
  label?: string | null;
  x: number;
  y: number;
  size: number;
  rank?: number;
  forceLabel?: boolean;
  highlighted?: boolean;
}

/** LabelerOptions: the style, and for a big graph the camera ratio to budget labels by. */
export interface LabelerOptions {
  style: () => LabelStyle;
  /** ratio gives the camera's ratio; with it, only nodes whose rank is within labelBudget get a label. */
  ratio?: () => number;
  /** drawn, when given, collects the boxes of the labels drawn in this frame (empty it before each): a label that would overlap one is left out. */
  drawn?: LabelBox[];
}

/** LabelBox is the space a drawn label takes, in viewport pixels. */
export interface LabelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** overlaps says whether box b overlaps any of boxes. */
export function overlaps(boxes: readonly LabelBox[], b: LabelBox): boolean {
  return boxes.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
}

function canvasSize(ctx: CanvasRenderingContext2D): { width: number; height: number } {
  // sigma sizes its canvases in device pixels and scales the context by the pixel ratio.
  const k = ctx.getTransform?.().a || window.devicePixelRatio || 1;
  return { width: ctx.canvas.width / k, height: ctx.canvas.height / k };
}

/** makeLabelDrawer returns sigma's defaultDrawNodeLabel: labels in the theme's colour, inside the canvas, budgeted by rank when ratio is given. */
export function makeLabelDrawer(opts: LabelerOptions) {
  return (ctx: CanvasRenderingContext2D, data: NodeLabelData): void => {
    if (!data.label) return;
    const { width, height } = canvasSize(ctx);
    if (opts.ratio && !data.forceLabel && !data.highlighted && (data.rank ?? 0) >= labelBudget(opts.ratio(), width, height)) return;
    const st = opts.style();
    ctx.font = `${st.weight} ${st.size}px ${st.font}`;
    const w = ctx.measureText(data.label).width;
    const at = placeLabel(data.x, data.y, data.size, w, st.size, width, height);
    if (!at) return;
    if (opts.drawn) {
      const box = { x: at.x - 2, y: at.y - st.size, w: w + 4, h: st.size + 4 };
      if (!data.highlighted && overlaps(opts.drawn, box)) return;
      opts.drawn.push(box);
    }
    ctx.fillStyle = st.color;
    ctx.fillText(data.label, at.x, at.y);
  };
}

/** makeHoverDrawer returns sigma's defaultDrawNodeHover: the node ringed and its label on the theme's background, inside the canvas. */
export function makeHoverDrawer(opts: LabelerOptions) {
  return (ctx: CanvasRenderingContext2D, data: NodeLabelData): void => {
    const st = opts.style();
    const { width, height } = canvasSize(ctx);
    ctx.font = `${st.weight} ${st.size}px ${st.font}`;
    const label = data.label ?? "";
    const w = label ? ctx.measureText(label).width : 0;
    ctx.fillStyle = st.background;
    ctx.shadowOffsetX = 0;
    ctx.shadowOffsetY = 0;
    ctx.shadowBlur = 8;
    ctx.shadowColor = "rgba(0, 0, 0, 0.4)";
    ctx.beginPath();
    ctx.arc(data.x, data.y, data.size + 2, 0, Math.PI * 2);
    ctx.closePath();
    ctx.fill();
    const at = label ? placeLabel(data.x, data.y, data.size, w, st.size, width, height) : null;
    if (at) {
      ctx.fillRect(at.x - 3, at.y - st.size + 1, w + 6, st.size + 4);
      ctx.shadowBlur = 0;
      ctx.fillStyle = st.color;
      ctx.fillText(label, at.x, at.y);
    }
    ctx.shadowBlur = 0;
  };
}
