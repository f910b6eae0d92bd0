import { useEffect, useRef, useState } from "react";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { globalGraph, localGraph, parseError, type AppError, type Subgraph } from "../api";
import { buildGraph, findNode, workerLayoutFrom } from "../graph/build";
import { installFrameMotion, type Motion } from "../graph/motion";

/** LAYOUT_MS is how long a big graph's layout runs in its worker. */
const LAYOUT_MS = 4000;

/** GraphViewProps: the open note (for the local graph) and how to open a clicked one. */
export interface GraphViewProps {
  noteId: string | null;
  onOpen(id: string): void;
  onClose(): void;
}

/** GraphView draws the local graph of the open note, or the global graph with clusters coloured, in WebGL. */
export function GraphView({ noteId, onOpen, onClose }: GraphViewProps) {
  const [scope, setScope] = useState<"local" | "global">(noteId ? "local" : "global");
  const [depth, setDepth] = useState(2);
  const [data, setData] = useState<Subgraph | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [focus, setFocus] = useState("");
  const host = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    const load = scope === "local" && noteId ? localGraph(noteId, depth) : globalGraph(20000);
    load.then(
      (sg) => live && (setData(sg), setError(null)),
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [scope, depth, noteId]);

  useEffect(() => {
    if (!data || !host.current) return;
    const big = data.nodes.length >= workerLayoutFrom;
    const g = buildGraph(data, { center: scope === "local" ? (noteId ?? undefined) : undefined, iterations: big ? 0 : undefined });
    // A big graph shows at once and settles while a worker lays it out.
    const layout = big ? new FA2Layout(g, { settings: { ...forceAtlas2.inferSettings(g), barnesHutOptimize: true } }) : null;
    layout?.start();
    // While a big graph settles, its nodes move as dots: every step of the
    // layout redraws the graph, and tens of thousands of edges per step are
    // what makes a slow (software) WebGL fall behind. Edges come back once
    // the layout is done.
    let settling = big;
    const stopLayout = setTimeout(() => {
      if (!settling) return;
      layout?.stop();
      settling = false;
      sigma.current?.refresh();
    }, LAYOUT_MS);
    let s: Sigma;
    try {
      s = new Sigma(g, host.current, {
        edgeReducer: (_edge, attrs) => (settling ? { ...attrs, hidden: true } : attrs),
        renderEdgeLabels: false,
        labelRenderedSizeThreshold: g.order < 300 ? 0 : scope === "global" ? 8 : 4,
        defaultEdgeType: "arrow",
      });
    } catch (e) {
      layout?.kill();
      clearTimeout(stopLayout);
      setError(parseError(e instanceof Error ? e.message : "WebGL is not available"));
      return;
    }
    s.on("clickNode", ({ node }) => {
      if (g.getNodeAttribute(node, "isNote")) onOpen(node);
    });
    // The layout rests while the graph is dragged (each of its steps redraws every node) and resumes after.
    const captor = s.getMouseCaptor();
    const pause = () => layout?.isRunning() && layout.stop();
    const resume = () => layout && settling && !layout.isRunning() && layout.start();
    captor.on("mousedown", pause);
    captor.on("mouseup", resume);
    // Where drawing a frame is slower than the pointer, the last frame moves
    // with the camera and the graph is drawn afresh when it rests.
    const motion = installFrameMotion(s);
    // While the stage is dragged, no node is looked up under the pointer:
    // sigma reads it back from the GPU (readPixels) on every mouse move, a
    // stall per frame, for a hover nobody sees while panning; and while the
    // last frame stands moved, the picking layer is not where the nodes show.
    // (getNodeAtPosition is private in sigma's types; sigma is pinned at 3.0.3.)
    const picker = s as unknown as { getNodeAtPosition(pos: { x: number; y: number }): string | null };
    const pick = picker.getNodeAtPosition.bind(s);
    picker.getNodeAtPosition = (pos) => (captor.isMouseDown || motion.moving() ? null : pick(pos));
    sigma.current = s;
    // The e2e harness (its shim defines window.__e2e) reads the renderer to count frames drawn.
    const e2e = (window as { __e2e?: { sigma?: Sigma | null; motion?: Motion | null } }).__e2e;
    if (e2e) {
      e2e.sigma = s;
      e2e.motion = motion;
    }
    return () => {
      clearTimeout(stopLayout);
      layout?.kill();
      motion.dispose();
      s.kill();
      sigma.current = null;
      if (e2e?.sigma === s) {
        e2e.sigma = null;
        e2e.motion = null;
      }
    };
  }, [data]);

  const focusOn = () => {
    const s = sigma.current;
    if (!s) return;
    const id = findNode(s.getGraph(), focus);
    if (!id) return;
    const pos = s.getNodeDisplayData(id);
    if (pos) void s.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.2 }, { duration: 400 });
    s.getGraph().setNodeAttribute(id, "highlighted", true);
  };

  return (
    <section className="graph-view" aria-label="Graph view">
      <header className="graph-head">
        <div className="segmented" role="group" aria-label="Graph scope">
          <button type="button" aria-pressed={scope === "local"} disabled={!noteId} onClick={() => setScope("local")}>
            This note
          </button>
          <button type="button" aria-pressed={scope === "global"} onClick={() => setScope("global")}>
            Everything
          </button>
        </div>
        {scope === "local" && (
          <label>
            Depth{" "}
            <input type="range" min={1} max={5} value={depth} aria-label="Depth" onChange={(e) => setDepth(Number(e.target.value))} />{" "}
            {depth}
          </label>
        )}
        <input
          aria-label="Focus on a note"
          placeholder="Find in graph…"
          value={focus}
          onChange={(e) => setFocus(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && focusOn()}
        />
        <span className="muted">
          {data ? `${data.nodes.length.toLocaleString()} nodes, ${data.edges.length.toLocaleString()} edges${data.truncated ? " (most connected shown)" : ""}` : "Loading…"}
        </span>
        <span className="legend">
          <span className="sw links" /> link <span className="sw embeds" /> embed <span className="sw tagged" /> tag <span className="sw typed" /> relation
        </span>
        <button type="button" onClick={onClose} aria-label="Close graph">
          Close
        </button>
      </header>
      {error && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="graph-canvas" ref={host} />
    </section>
  );
}
