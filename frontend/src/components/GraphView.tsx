import { useEffect, useRef, useState } from "react";
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import Sigma from "sigma";
import { asOfGraph, dailySettings, globalGraph, localGraph, parseError, type AppError, type Subgraph } from "../api";
import { buildGraph, dailyTitlePattern, DEFAULT_DAILY_FORMAT, findNode, workerLayoutFrom } from "../graph/build";
import { makeHoverDrawer, makeLabelDrawer, type LabelBox, type LabelStyle } from "../graph/labels";
import { installFrameMotion, type Motion } from "../graph/motion";
import { THEME_EVENT } from "../hooks/useTheme";
import { ErrorLine } from "./ErrorLine";

/** LAYOUT_MS is how long a big graph's layout runs in its worker. */
const LAYOUT_MS = 4000;

/** HIDE_HUBS_KEY remembers whether the graph leaves out tags and daily notes (localStorage). */
export const HIDE_HUBS_KEY = "secondbrain.graph.hideHubs";

/** DEPTHS are the local graph's depths a click away; 1 by default. */
export const DEPTHS = [1, 2, 3] as const;

function loadHideHubs(): boolean {
  try {
    return localStorage.getItem(HIDE_HUBS_KEY) === "true";
  } catch {
    return false;
  }
}

/** labelStyle reads the labels' colours and font from the theme's CSS variables. */
function labelStyle(): LabelStyle {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, dflt: string) => css.getPropertyValue(name).trim() || dflt;
  return { color: v("--fg", "#1c1c1e"), background: v("--bg", "#ffffff"), font: v("--sans", "sans-serif"), size: 13, weight: "normal" };
}

/** GraphViewProps: the open note (for the local graph) and how to open a clicked one. */
export interface GraphViewProps {
  noteId: string | null;
  onOpen(id: string): void;
  onClose(): void;
  /** asOf draws the note's neighbourhood as it was at that moment (local only, depth 1 or 2); null or missing for now. */
  asOf?: string | null;
}

/** GraphView draws the local graph of the open note, or the global graph with clusters coloured, in WebGL. */
export function GraphView({ noteId, onOpen, onClose, asOf = null }: GraphViewProps) {
  const [chosenScope, setScope] = useState<"local" | "global">(noteId ? "local" : "global");
  // As of a moment only a note's neighbourhood is drawn.
  const scope = asOf ? "local" : chosenScope;
  const [depth, setDepth] = useState(1);
  const [hideHubs, setHideHubs] = useState(loadHideHubs);
  const [dailyFormat, setDailyFormat] = useState(DEFAULT_DAILY_FORMAT);
  // shown counts what is drawn (fewer than loaded while hubs are hidden).
  const [shown, setShown] = useState<{ nodes: number; edges: number } | null>(null);
  const [data, setData] = useState<Subgraph | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [focus, setFocus] = useState("");
  const host = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);

  useEffect(() => {
    let live = true;
    dailySettings().then(
      (d) => live && d.format && setDailyFormat(d.format),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    setData(null);
    const load = asOf
      ? noteId
        ? asOfGraph(noteId, asOf, depth)
        : Promise.resolve<Subgraph>({ nodes: [], edges: [], truncated: false })
      : scope === "local" && noteId
        ? localGraph(noteId, depth)
        : globalGraph(20000);
    load.then(
      (sg) => live && (setData(sg), setError(null)),
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, [scope, depth, noteId, asOf]);

  useEffect(() => {
    if (!data || !host.current) return;
    const big = data.nodes.length >= workerLayoutFrom;
    const g = buildGraph(data, {
      center: scope === "local" ? (noteId ?? undefined) : undefined,
      iterations: big ? 0 : undefined,
      hideHubs,
      dailyPattern: dailyTitlePattern(dailyFormat),
    });
    setShown({ nodes: g.order, edges: g.size });
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
    // Labels are drawn in the theme's colours, inside the canvas; in the
    // whole graph only the most connected nodes' labels show until the
    // camera zooms in (labels.ts). The style is read once per theme.
    let style = labelStyle();
    let ratio = () => 1;
    const drawn: LabelBox[] = [];
    const labeler = { style: () => style, ratio: scope === "global" && g.order >= 300 ? () => ratio() : undefined, drawn };
    try {
      s = new Sigma(g, host.current, {
        edgeReducer: (_edge, attrs) => (settling ? { ...attrs, hidden: true } : attrs),
        renderEdgeLabels: false,
        labelRenderedSizeThreshold: g.order < 300 || labeler.ratio ? 0 : 4,
        labelColor: { color: style.color },
        labelFont: style.font,
        labelSize: style.size,
        defaultDrawNodeLabel: makeLabelDrawer(labeler),
        defaultDrawNodeHover: makeHoverDrawer(labeler),
        defaultEdgeType: "arrow",
      });
    } catch (e) {
      layout?.kill();
      clearTimeout(stopLayout);
      setError(parseError(e instanceof Error ? e.message : "WebGL is not available"));
      return;
    }
    // Each frame starts with no label drawn (one never covers another).
    s.on("beforeRender", () => {
      drawn.length = 0;
    });
    const camera = s.getCamera();
    ratio = () => camera.getState().ratio;
    const onTheme = () => {
      style = labelStyle();
      s.refresh();
    };
    window.addEventListener(THEME_EVENT, onTheme);
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
      window.removeEventListener(THEME_EVENT, onTheme);
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
  }, [data, hideHubs, dailyFormat]);

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
          <button type="button" aria-pressed={scope === "global"} disabled={!!asOf} title={asOf ? "As of a moment, the graph shows a note's links" : undefined} onClick={() => setScope("global")}>
            Everything
          </button>
        </div>
        {scope === "local" && (
          <div className="segmented" role="group" aria-label="Depth" title="How many links away from this note">
            {DEPTHS.filter((d) => !asOf || d <= 2).map((d) => (
              <button key={d} type="button" aria-pressed={depth === d} aria-label={`Depth ${d}`} onClick={() => setDepth(d)}>
                {d === 1 ? "1 link" : `${d}`}
              </button>
            ))}
          </div>
        )}
        <label className="hub-toggle" title="Tags and daily notes link to much of the vault; leave them out to see the notes' own links">
          <input
            type="checkbox"
            checked={hideHubs}
            onChange={(e) => {
              setHideHubs(e.target.checked);
              try {
                localStorage.setItem(HIDE_HUBS_KEY, String(e.target.checked));
              } catch {
                // Private mode: for this window only.
              }
            }}
          />
          Hide tags and daily notes
        </label>
        <input
          aria-label="Focus on a note"
          placeholder="Find in graph…"
          value={focus}
          onChange={(e) => setFocus(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && focusOn()}
        />
        <span className="muted">
          {data && shown
            ? `${shown.nodes.toLocaleString()} nodes, ${shown.edges.toLocaleString()} edges${data.truncated ? " (most connected shown)" : ""}` +
              (shown.nodes < data.nodes.length ? ` (${(data.nodes.length - shown.nodes).toLocaleString()} tags and daily notes hidden)` : "")
            : "Loading…"}
        </span>
        <span className="legend">
          <span className="sw links" /> link <span className="sw embeds" /> embed <span className="sw tagged" /> tag <span className="sw typed" /> relation
        </span>
        <button type="button" onClick={onClose} aria-label="Close graph">
          Close
        </button>
      </header>
      <ErrorLine error={error} />
      <div className="graph-canvas" ref={host} />
    </section>
  );
}
