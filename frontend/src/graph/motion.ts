// Package graph: motion keeps the graph view following the pointer when the
// machine cannot draw the graph as fast as the pointer moves.
//
// sigma.js redraws the whole graph for every camera change. With a GPU a
// 20k-node graph takes a few milliseconds; on software WebGL (a VM, a
// webview without GPU acceleration, SwiftShader) it takes hundreds, and the
// graph would jump a few times a second behind the pointer. So while the
// camera moves and the last full frame took longer than the frame budget,
// the last frame's canvases are moved and scaled (a CSS transform, which the
// compositor draws at the display's rate) instead of redrawn, and the graph
// is drawn afresh once the camera rests. On a fast machine nothing changes.

/** CameraState is the part of sigma's camera state motion uses. */
export interface CameraState {
  x: number;
  y: number;
  ratio: number;
  angle: number;
}

/** Point is a position in viewport pixels or in sigma's framed-graph space. */
export interface Point {
  x: number;
  y: number;
}

/** Renderer is the part of a sigma.js renderer motion needs (sigma's Sigma satisfies it). */
export interface Renderer {
  on(event: "beforeRender" | "afterRender", fn: () => void): unknown;
  off(event: "beforeRender" | "afterRender", fn: () => void): unknown;
  scheduleRender(): unknown;
  getCamera(): { getState(): CameraState };
  getCanvases(): Record<string, HTMLCanvasElement>;
  getDimensions(): { width: number; height: number };
  viewportToFramedGraph(p: Point, override: { cameraState: CameraState }): Point;
  framedGraphToViewport(p: Point, override: { cameraState: CameraState }): Point;
}

/** MotionOptions tune when and how long the last frame stands in for a redraw. */
export interface MotionOptions {
  /** budgetMs: a frame slower than this (render plus the wait for the next frame) moves the last frame instead. */
  budgetMs?: number;
  /** restMs: how long the camera must stay still before the graph is drawn afresh. */
  restMs?: number;
  /** now gives the time in milliseconds (tests pass a fake clock). */
  now?: () => number;
  /** nextFrame runs fn before the next paint (requestAnimationFrame; tests pass their own). */
  nextFrame?: (fn: (t: number) => void) => void;
}

/** Motion is the handle installFrameMotion returns. */
export interface Motion {
  /** moving says whether the canvases show a moved last frame (nodes under the pointer are then not where the picking layer has them). */
  moving(): boolean;
  /** frameMs is the cost of the last full frame that was measured. */
  frameMs(): number;
  /** dispose restores sigma's own scheduling and the canvases' transforms. */
  dispose(): void;
}

/** FRAME_BUDGET_MS: below 30 frames per second a redraw per camera change is too slow to follow the pointer. */
export const FRAME_BUDGET_MS = 1000 / 30;

/**
 * transformBetween returns the CSS transform that moves a frame drawn with
 * camera `drawn` to where camera `now` would draw it: a scale about the
 * viewport's top-left corner, then a translation, in viewport pixels.
 */
export function transformBetween(r: Renderer, drawn: CameraState, now: CameraState): { k: number; x: number; y: number } {
  const { width, height } = r.getDimensions();
  const a = r.framedGraphToViewport(r.viewportToFramedGraph({ x: 0, y: 0 }, { cameraState: drawn }), { cameraState: now });
  const b = r.framedGraphToViewport(r.viewportToFramedGraph({ x: width, y: height }, { cameraState: drawn }), { cameraState: now });
  const k = width > 0 ? (b.x - a.x) / width : 1;
  return { k, x: a.x, y: a.y };
}

function same(a: CameraState, b: CameraState): boolean {
  return a.x === b.x && a.y === b.y && a.ratio === b.ratio && a.angle === b.angle;
}

/**
 * installFrameMotion wraps the renderer's scheduleRender: a render asked for
 * because the camera moved is replaced by moving the last frame when that
 * frame was slower than the budget; the real render follows once the camera
 * has rested for restMs. Renders for any other reason (the layout moved
 * nodes, a node was highlighted) go through unchanged. The mouse layer is
 * never moved: sigma reads pointer positions relative to it.
 */
export function installFrameMotion(r: Renderer, opts: MotionOptions = {}): Motion {
  const budget = opts.budgetMs ?? FRAME_BUDGET_MS;
  const restMs = opts.restMs ?? 150;
  const now = opts.now ?? (() => performance.now());
  const nextFrame = opts.nextFrame ?? ((fn: (t: number) => void) => void requestAnimationFrame(fn));
  const camera = r.getCamera();
  const layers = Object.entries(r.getCanvases())
    .filter(([name]) => name !== "mouse")
    .map(([, c]) => c);
  const own = r.scheduleRender.bind(r);

  let drawn = camera.getState();
  let lastFrameMs = 0;
  let started = 0;
  let moved = false;
  let rest: ReturnType<typeof setTimeout> | null = null;

  const place = (t: string) => {
    for (const c of layers) {
      c.style.transformOrigin = "0 0";
      c.style.transform = t;
    }
  };
  const before = () => {
    started = now();
  };
  const after = () => {
    const t0 = started;
    const renderMs = now() - t0;
    drawn = camera.getState();
    if (moved) {
      moved = false;
      place("");
    }
    // The frame's cost includes what the browser does after sigma's calls
    // return (software GL draws and composites then): until the next frame.
    lastFrameMs = renderMs;
    nextFrame(() => {
      lastFrameMs = Math.max(renderMs, now() - t0);
    });
  };
  const cancelRest = () => {
    if (rest !== null) clearTimeout(rest);
    rest = null;
  };
  r.on("beforeRender", before);
  r.on("afterRender", after);

  r.scheduleRender = () => {
    const state = camera.getState();
    if (lastFrameMs <= budget || same(state, drawn)) {
      return own();
    }
    const { k, x, y } = transformBetween(r, drawn, state);
    moved = true;
    place(`translate(${x}px, ${y}px) scale(${k})`);
    cancelRest();
    rest = setTimeout(() => {
      rest = null;
      // A render since (sigma also draws directly, say on refresh) may have caught up already.
      if (moved || !same(camera.getState(), drawn)) own();
    }, restMs);
    return r;
  };

  const dispose = () => {
    cancelRest();
    r.off("beforeRender", before);
    r.off("afterRender", after);
    r.scheduleRender = own;
    place("");
  };
  return { moving: () => moved, frameMs: () => lastFrameMs, dispose };
}
