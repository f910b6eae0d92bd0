import { describe, expect, it } from "vitest";
import type { Subgraph } from "../api";
import { buildGraph, dailyTitlePattern, DEFAULT_DAILY_FORMAT, edgeStyle, filterHubs, findNode, isHub, nodeColor } from "./build";

const sg: Subgraph = {
  nodes: [
    { id: "a", title: "Ada", labels: ["Note", "Person"], degree: 3, cluster: 1 },
    { id: "b", title: "Babbage", labels: ["Note"], degree: 2, cluster: 1 },
    { id: "tag:math", title: "#math", labels: ["Tag"], degree: 1, cluster: 0 },
    { id: "placeholder:x", title: "X", labels: ["Placeholder"], degree: 1, cluster: 0 },
  ],
  edges: [
    { source: "a", target: "b", type: "LINKS_TO", count: 2 },
    { source: "b", target: "a", type: "AUTHOR", count: 1 },
    { source: "a", target: "tag:math", type: "TAGGED", count: 1 },
    { source: "a", target: "placeholder:x", type: "EMBEDS", count: 1 },
    { source: "a", target: "gone", type: "LINKS_TO", count: 1 },
  ],
  truncated: false,
};

describe("buildGraph", () => {
  it("draws a link, a typed relation and a semantic neighbour between the same two notes", () => {
    const g = buildGraph(
      {
        nodes: sg.nodes.slice(0, 2),
        edges: [
          { source: "a", target: "b", type: "LINKS_TO", count: 1 },
          { source: "a", target: "b", type: "SIMILAR", count: 1 },
          { source: "a", target: "b", type: "AUTHOR", count: 1 },
          { source: "a", target: "b", type: "SIMILAR", count: 1 }, // repeated: drawn once
        ],
        truncated: false,
      },
      { iterations: 1 },
    );
    expect(g.size).toBe(3);
    expect(g.mapEdges((_, attrs) => attrs.relType).sort()).toEqual(["AUTHOR", "LINKS_TO", "SIMILAR"]);
  });

  it("lays out every node and draws relation types differently", () => {
    const g = buildGraph(sg, { center: "a", iterations: 5 });
    expect(g.order).toBe(4);
    expect(g.size).toBe(4); // the edge to a node not drawn is left out
    for (const n of g.nodes()) {
      expect(Number.isFinite(g.getNodeAttribute(n, "x"))).toBe(true);
      expect(Number.isFinite(g.getNodeAttribute(n, "y"))).toBe(true);
    }
    expect(g.getNodeAttribute("a", "color")).toBe(nodeColor([], 0, true));
    expect(g.getNodeAttribute("tag:math", "color")).not.toBe(g.getNodeAttribute("b", "color"));
    const colors = new Set(["LINKS_TO", "EMBEDS", "TAGGED", "AUTHOR"].map((t) => edgeStyle(t).color));
    expect(colors.size).toBe(4);
    expect(g.getNodeAttribute("placeholder:x", "isNote")).toBe(false);
  });

  it("finds a node by title, prefix first", () => {
    const g = buildGraph(sg, { iterations: 1 });
    expect(findNode(g, "bab")).toBe("b");
    expect(findNode(g, "math")).toBe("tag:math");
    expect(findNode(g, "zzz")).toBeNull();
  });

  it("builds 20k nodes for the worker layout", () => {
    const n = 20000;
    const big: Subgraph = { nodes: [], edges: [], truncated: false };
    for (let i = 0; i < n; i++) big.nodes.push({ id: `n${i}`, title: `Note ${i}`, labels: ["Note"], degree: 2, cluster: (i % 12) + 1 });
    for (let i = 1; i < n; i++) big.edges.push({ source: `n${i}`, target: `n${Math.floor(i / 3)}`, type: "LINKS_TO", count: 1 });
    const g = buildGraph(big, { iterations: 0 });
    expect(g.order).toBe(n);
    expect(g.size).toBe(n - 1);
  });
});

describe("hubs", () => {
  const hubs: Subgraph = {
    nodes: [
      { id: "a", title: "Ada", labels: ["Note"], degree: 4, cluster: 0 },
      { id: "b", title: "Babbage", labels: ["Note"], degree: 2, cluster: 0 },
      { id: "d", title: "2026-12-06", labels: ["Note"], degree: 30, cluster: 0 },
      { id: "tag:math", title: "#math", labels: ["Tag"], degree: 50, cluster: 0 },
    ],
    edges: [
      { source: "a", target: "b", type: "LINKS_TO", count: 1 },
      { source: "d", target: "a", type: "LINKS_TO", count: 1 },
      { source: "d", target: "b", type: "LINKS_TO", count: 1 },
      { source: "a", target: "tag:math", type: "TAGGED", count: 1 },
      { source: "b", target: "tag:math", type: "TAGGED", count: 1 },
    ],
    truncated: false,
  };

  it("knows daily notes by the daily-note format the backend names them with", () => {
    const iso = dailyTitlePattern(DEFAULT_DAILY_FORMAT);
    expect(iso.test("2026-12-06")).toBe(true);
    expect(iso.test("2026-12-06 notes")).toBe(false);
    expect(iso.test("Ada")).toBe(false);
    const named = dailyTitlePattern("Mon, Jan 2, 2006");
    expect(named.test("Sun, Dec 6, 2026")).toBe(true);
    expect(named.test("Sun Dec 6 2026")).toBe(false);
    expect(dailyTitlePattern("2006.01.02").test("2026x12x06")).toBe(false); // the dot is literal
    expect(isHub(hubs.nodes[3], null)).toBe(true);
    expect(isHub(hubs.nodes[2], null)).toBe(false);
    expect(isHub(hubs.nodes[2], iso)).toBe(true);
  });

  it("leaves out tags and daily notes with their edges, but never the centre", () => {
    const iso = dailyTitlePattern(DEFAULT_DAILY_FORMAT);
    const g = buildGraph(hubs, { hideHubs: true, dailyPattern: iso, iterations: 1 });
    expect(g.nodes().sort()).toEqual(["a", "b"]);
    expect(g.size).toBe(1);
    const centred = filterHubs(hubs, "d", iso);
    expect(centred.nodes.map((n) => n.id)).toEqual(["a", "b", "d"]);
    expect(centred.edges).toHaveLength(3);
    expect(buildGraph(hubs, { iterations: 1 }).order).toBe(4); // shown unless asked
  });

  it("ranks nodes by degree for their labels", () => {
    const g = buildGraph(hubs, { iterations: 1 });
    expect(["tag:math", "d", "a", "b"].map((id) => g.getNodeAttribute(id, "rank"))).toEqual([0, 1, 2, 3]);
  });
});
