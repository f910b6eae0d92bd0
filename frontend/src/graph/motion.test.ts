import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installFrameMotion, transformBetween, type CameraState, type Point, type Renderer } from "./motion";

const W = 800;
const H = 600;

/** FakeRenderer maps framed-graph space to the viewport the way a camera does (no rotation) and "draws" in costMs of fake time. */
class FakeRenderer implements Renderer {
  state: CameraState = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
  clock = 0;
  costMs = 5;
  renders = 0;
  listeners = new Map<string, Set<() => void>>();
  canvases: Record<string, HTMLCanvasElement> = {
    edges: document.createElement("canvas"),
    nodes: document.createElement("canvas"),
    labels: document.createElement("canvas"),
    mouse: document.createElement("canvas"),
  };
  on(event: string, fn: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
    return this;
  }
  off(event: string, fn: () => void) {
    this.listeners.get(event)?.delete(fn);
    return this;
  }
  emit(event: string) {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn();
  }
  render() {
    this.emit("beforeRender");
    this.clock += this.costMs;
    this.renders++;
    this.emit("afterRender");
  }
  scheduleRender(): unknown {
    this.render();
    return this;
  }
  getCamera() {
    return { getState: () => ({ ...this.state }) };
  }
  getCanvases() {
    return this.canvases;
  }
  getDimensions() {
    return { width: W, height: H };
  }
  framedGraphToViewport(p: Point, { cameraState: c }: { cameraState: CameraState }): Point {
    return { x: ((p.x - c.x) / c.ratio) * W + W / 2, y: ((c.y - p.y) / c.ratio) * H + H / 2 };
  }
  viewportToFramedGraph(p: Point, { cameraState: c }: { cameraState: CameraState }): Point {
    return { x: ((p.x - W / 2) / W) * c.ratio + c.x, y: c.y - ((p.y - H / 2) / H) * c.ratio };
  }
  /** move changes the camera and asks for a render, as sigma's camera listener does. */
  move(s: Partial<CameraState>) {
    this.state = { ...this.state, ...s };
    this.scheduleRender();
  }
}

function setup(costMs: number) {
  const r = new FakeRenderer();
  r.costMs = costMs;
  const motion = installFrameMotion(r, { now: () => r.clock, nextFrame: (fn) => fn(r.clock), restMs: 150 });
  r.render(); // the first frame, which measures the cost
  return { r, motion };
}

describe("installFrameMotion", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("redraws on every camera change when frames are fast", () => {
    const { r, motion } = setup(5);
    r.move({ x: 0.6 });
    r.move({ x: 0.7 });
    expect(r.renders).toBe(3);
    expect(motion.moving()).toBe(false);
    expect(r.canvases.nodes.style.transform).toBe("");
  });

  it("moves the last frame while a slow graph's camera moves, and draws it afresh at rest", () => {
    const { r, motion } = setup(200);
    expect(motion.frameMs()).toBe(200);
    r.move({ x: 0.6 });
    r.move({ x: 0.7 });
    expect(r.renders).toBe(1);
    expect(motion.moving()).toBe(true);
    // The camera went right by 0.2 of the view: the drawn frame goes left by 0.2 × width.
    for (const name of ["edges", "nodes", "labels"]) {
      expect(r.canvases[name].style.transform).toBe(`translate(${-0.2 * W}px, 0px) scale(1)`);
    }
    // sigma reads pointer positions relative to the mouse layer: it stays put.
    expect(r.canvases.mouse.style.transform).toBe("");
    vi.advanceTimersByTime(100);
    r.move({ x: 0.8 }); // still moving: the rest starts again
    vi.advanceTimersByTime(100);
    expect(r.renders).toBe(1);
    vi.advanceTimersByTime(60);
    expect(r.renders).toBe(2);
    expect(motion.moving()).toBe(false);
    expect(r.canvases.nodes.style.transform).toBe("");
  });

  it("lets renders for other reasons through", () => {
    const { r } = setup(200);
    r.scheduleRender(); // say the layout moved nodes; the camera did not move
    expect(r.renders).toBe(2);
  });

  it("does not draw again at rest when a direct render caught up", () => {
    const { r, motion } = setup(200);
    r.move({ x: 0.6 });
    r.render(); // sigma's refresh draws directly
    expect(motion.moving()).toBe(false);
    vi.advanceTimersByTime(500);
    expect(r.renders).toBe(2);
  });

  it("counts the wait for the next frame in a frame's cost", () => {
    const r = new FakeRenderer();
    r.costMs = 5;
    let pending: ((t: number) => void) | null = null;
    const motion = installFrameMotion(r, { now: () => r.clock, nextFrame: (fn) => (pending = fn) });
    r.render();
    expect(motion.frameMs()).toBe(5);
    r.clock += 300; // software GL drew and composited after sigma's calls returned
    pending!(r.clock);
    expect(motion.frameMs()).toBe(305);
  });

  it("restores sigma's scheduling on dispose", () => {
    const { r, motion } = setup(200);
    r.move({ x: 0.6 });
    motion.dispose();
    expect(r.canvases.nodes.style.transform).toBe("");
    r.move({ x: 0.7 });
    expect(r.renders).toBe(2);
    vi.advanceTimersByTime(500);
    expect(r.renders).toBe(2);
  });
});

describe("transformBetween", () => {
  it("scales about the corner when the camera zooms in on the centre", () => {
    const r = new FakeRenderer();
    const drawn = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    const t = transformBetween(r, drawn, { ...drawn, ratio: 0.5 });
    expect(t.k).toBeCloseTo(2);
    // The centre stays where it was: k × centre + translation = centre.
    expect(t.k * (W / 2) + t.x).toBeCloseTo(W / 2);
    expect(t.k * (H / 2) + t.y).toBeCloseTo(H / 2);
  });

  it("moves down when the camera moves up", () => {
    const r = new FakeRenderer();
    const drawn = { x: 0.5, y: 0.5, ratio: 1, angle: 0 };
    const t = transformBetween(r, drawn, { ...drawn, y: 0.6 });
    expect(t.k).toBeCloseTo(1);
    expect(t.x).toBeCloseTo(0);
    expect(t.y).toBeCloseTo(0.1 * H);
  });
});
