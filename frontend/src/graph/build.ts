// Package graph turns the backend's subgraphs into graphology graphs that
// sigma.js draws: positions, sizes and colours by cluster, label and
// relation type.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { GraphNode, Subgraph } from "../api";
import { rankByDegree } from "./labels";

/** clusterColors colour the largest communities; the rest are grey. */
export const clusterColors = [
  "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
  "#b07aa1", "#ff9da7", "#9c755f", "#8cd17d", "#86bcb6", "#d37295",
];

/** edgeStyle says how a relation type is drawn: links grey, embeds blue, tags green, typed relations orange, semantic neighbours dashed-purple. */
export function edgeStyle(type: string): { color: string; size: number } {
  switch (type) {
    case "LINKS_TO":
      return { color: "#9a9aa2", size: 1 };
    case "EMBEDS":
      return { color: "#3763d8", size: 1.5 };
    case "TAGGED":
      return { color: "#59a14f", size: 0.6 };
    case "SIMILAR":
      return { color: "#b07aa1", size: 0.8 };
    default:
      return { color: "#f28e2b", size: 2 };
  }
}

/** nodeColor colours a node by its cluster, or marks tags and placeholders. */
export function nodeColor(labels: string[], cluster: number, isCenter: boolean): string {
  if (isCenter) return "#e15759";
  if (labels.includes("Tag")) return "#59a14f";
  if (labels.includes("Placeholder")) return "#c8c8cc";
  if (cluster > 0) return clusterColors[(cluster - 1) % clusterColors.length];
  return "#6b6b70";
}

/** BuildOptions: the note at the centre of a local graph, layout effort, and the hubs left out. */
export interface BuildOptions {
  center?: string;
  /** hideHubs leaves out tags and daily notes (see filterHubs); the centre always stays. */
  hideHubs?: boolean;
  /** dailyPattern matches daily notes' titles (dailyTitlePattern of the daily-note format). */
  dailyPattern?: RegExp | null;
  /** iterations of ForceAtlas2 run here; default scales down with the graph's size, 0 for none (lay out in a worker instead). */
  iterations?: number;
}

/** workerLayoutFrom is the size from which the view lays a graph out in a web worker instead of blocking. */
export const workerLayoutFrom = 2000;

/** buildGraph makes a laid-out graphology graph of sg. */
export function buildGraph(sg: Subgraph, opts: BuildOptions = {}): Graph {
  if (opts.hideHubs) sg = filterHubs(sg, opts.center, opts.dailyPattern ?? null);
  // Multi: two notes can be joined by a link, an embed, typed relations and a semantic neighbourhood at once.
  const g = new Graph({ multi: true, type: "directed", allowSelfLoops: true });
  const n = sg.nodes.length;
  sg.nodes.forEach((node, i) => {
    // Start on a golden-angle spiral: deterministic and well spread.
    const r = Math.sqrt(i + 1) * 10;
    const a = i * 2.399963;
    g.addNode(node.id, {
      label: node.title,
      x: r * Math.cos(a),
      y: r * Math.sin(a),
      size: Math.min(20, 3 + Math.sqrt(node.degree) * 1.5),
      color: nodeColor(node.labels, node.cluster, node.id === opts.center),
      isNote: node.labels.includes("Note"),
      labels: node.labels,
      degree: node.degree,
    });
  });
  // The most connected nodes' labels show first (see labels.ts).
  for (const [id, rank] of rankByDegree(g)) g.setNodeAttribute(id, "rank", rank);
  for (const e of sg.edges) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    const key = `${e.source}>${e.target}>${e.type}`;
    if (g.hasEdge(key)) continue;
    g.addDirectedEdgeWithKey(key, e.source, e.target, { ...edgeStyle(e.type), relType: e.type, label: e.type });
  }
  const iterations = opts.iterations ?? Math.max(15, Math.min(150, Math.round(300000 / Math.max(1, n + g.size))));
  if (n > 1 && iterations > 0) {
    forceAtlas2.assign(g, { iterations, settings: { ...forceAtlas2.inferSettings(g), barnesHutOptimize: n > 500 } });
  }
  return g;
}

/** findNode returns the first node whose title contains text (case-insensitive), preferring a title that starts with it. */
export function findNode(g: Graph, text: string): string | null {
  const q = text.trim().toLowerCase();
  if (!q) return null;
  let contains: string | null = null;
  for (const id of g.nodes()) {
    const label = String(g.getNodeAttribute(id, "label") ?? "").toLowerCase();
    if (label.startsWith(q)) return id;
    if (contains === null && label.includes(q)) contains = id;
  }
  return contains;
}

/** DEFAULT_DAILY_FORMAT is the daily notes' title format unless Settings change it. */
export const DEFAULT_DAILY_FORMAT = "2006-01-02";

// Go layout elements and what they match; longest first.
const layoutTokens: [string, string][] = [
  ["January", "[A-Za-z\\u00C0-\\u024F]+"],
  ["Monday", "[A-Za-z\\u00C0-\\u024F]+"],
  ["2006", "\\d{4}"],
  ["Jan", "[A-Za-z\\u00C0-\\u024F]{3}"],
  ["Mon", "[A-Za-z\\u00C0-\\u024F]{3}"],
  ["002", "\\d{3}"],
  ["_2", "[ \\d]\\d"],
  ["06", "\\d{2}"],
  ["01", "\\d{2}"],
  ["02", "\\d{2}"],
  ["1", "\\d{1,2}"],
  ["2", "\\d{1,2}"],
];

/**
 * dailyTitlePattern turns the daily notes' title format (a Go time layout,
 * as the backend's daily note uses: 2006 the year, 01 the month, 02 the day,
 * Jan/January and Mon/Monday names) into a pattern matching such titles.
 */
export function dailyTitlePattern(layout: string): RegExp {
  let out = "";
  for (let i = 0; i < layout.length; ) {
    const hit = layoutTokens.find(([t]) => layout.startsWith(t, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += layout[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      i++;
    }
  }
  return new RegExp(`^${out}$`);
}

/** isHub says whether a node is a hub the graph can leave out: a tag, or a note titled like a daily note. */
export function isHub(node: GraphNode, dailyPattern: RegExp | null): boolean {
  if (node.labels.includes("Tag")) return true;
  return dailyPattern !== null && node.labels.includes("Note") && dailyPattern.test(node.title);
}

/** filterHubs leaves out the tags and daily notes (never center) and their edges. */
export function filterHubs(sg: Subgraph, center: string | undefined, dailyPattern: RegExp | null): Subgraph {
  const gone = new Set(sg.nodes.filter((n) => n.id !== center && isHub(n, dailyPattern)).map((n) => n.id));
  if (gone.size === 0) return sg;
  return {
    ...sg,
    nodes: sg.nodes.filter((n) => !gone.has(n.id)),
    edges: sg.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}
