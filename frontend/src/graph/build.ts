// Package graph turns the backend's subgraphs into graphology graphs that
// sigma.js draws: positions, sizes and colours by cluster, label and
// relation type.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { Subgraph } from "../api";

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

/** BuildOptions: the note at the centre of a local graph, and layout effort. */
export interface BuildOptions {
  center?: string;
  /** iterations of ForceAtlas2 run here; default scales down with the graph's size, 0 for none (lay out in a worker instead). */
  iterations?: number;
}

/** workerLayoutFrom is the size from which the view lays a graph out in a web worker instead of blocking. */
export const workerLayoutFrom = 2000;

/** buildGraph makes a laid-out graphology graph of sg. */
export function buildGraph(sg: Subgraph, opts: BuildOptions = {}): Graph {
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
    });
  });
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
