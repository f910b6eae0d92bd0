import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  localGraph: vi.fn(),
  globalGraph: vi.fn(),
  dailySettings: vi.fn(),
}));

// WebGL is not in jsdom: a stand-in renderer keeps the graph it was given.
const built: { order: number; nodes: string[]; settings: Record<string, unknown> }[] = [];
vi.mock("sigma", () => ({
  default: class {
    graph: { order: number; nodes(): string[] };
    constructor(graph: { order: number; nodes(): string[] }, _host: HTMLElement, settings: Record<string, unknown>) {
      this.graph = graph;
      built.push({ order: graph.order, nodes: graph.nodes(), settings });
    }
    getCamera() {
      return { getState: () => ({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }), animate: vi.fn() };
    }
    getGraph() {
      return this.graph;
    }
    getMouseCaptor() {
      return { on: vi.fn(), isMouseDown: false };
    }
    getCanvases() {
      return {};
    }
    getDimensions() {
      return { width: 100, height: 100 };
    }
    getNodeAtPosition() {
      return null;
    }
    on() {}
    off() {}
    scheduleRender() {}
    refresh() {}
    kill() {}
  },
}));

import * as api from "../api";
import { GraphView, HIDE_HUBS_KEY } from "./GraphView";

const sg: api.Subgraph = {
  nodes: [
    { id: "a", title: "Ada", labels: ["Note"], degree: 3, cluster: 0 },
    { id: "b", title: "Babbage", labels: ["Note"], degree: 2, cluster: 0 },
    { id: "d", title: "2026-12-06", labels: ["Note"], degree: 9, cluster: 0 },
    { id: "tag:math", title: "#math", labels: ["Tag"], degree: 9, cluster: 0 },
  ],
  edges: [
    { source: "a", target: "b", type: "LINKS_TO", count: 1 },
    { source: "d", target: "a", type: "LINKS_TO", count: 1 },
    { source: "a", target: "tag:math", type: "TAGGED", count: 1 },
  ],
  truncated: false,
};

beforeEach(() => {
  vi.resetAllMocks();
  localStorage.clear();
  built.length = 0;
  vi.mocked(api.localGraph).mockResolvedValue(sg);
  vi.mocked(api.globalGraph).mockResolvedValue(sg);
  vi.mocked(api.dailySettings).mockResolvedValue({ folder: "journal", format: "2006-01-02", template: "", example: "2026-12-06" });
});

describe("GraphView", () => {
  it("shows the local graph at depth 1, with depth 2 a click away", async () => {
    render(<GraphView noteId="a" onOpen={vi.fn()} onClose={vi.fn()} />);
    await screen.findByText("4 nodes, 3 edges");
    expect(api.localGraph).toHaveBeenCalledWith("a", 1);
    expect(screen.getByRole("button", { name: "Depth 1" }).getAttribute("aria-pressed")).toBe("true");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Depth 2" }));
    });
    expect(api.localGraph).toHaveBeenLastCalledWith("a", 2);
    expect(screen.getByRole("button", { name: "Depth 2" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("hides tags and daily notes when asked, and remembers it", async () => {
    render(<GraphView noteId="a" onOpen={vi.fn()} onClose={vi.fn()} />);
    await screen.findByText("4 nodes, 3 edges");
    await act(async () => {});
    expect(built.at(-1)?.order).toBe(4);
    await act(async () => {
      fireEvent.click(screen.getByLabelText("Hide tags and daily notes"));
    });
    expect(built.at(-1)?.nodes.sort()).toEqual(["a", "b"]);
    expect(screen.getByText("2 nodes, 1 edges (2 tags and daily notes hidden)")).toBeTruthy();
    expect(localStorage.getItem(HIDE_HUBS_KEY)).toBe("true");
  });

  it("draws the whole graph's labels with its own drawer (theme colours, inside the canvas)", async () => {
    render(<GraphView noteId={null} onOpen={vi.fn()} onClose={vi.fn()} />);
    await screen.findByText("4 nodes, 3 edges");
    await act(async () => {});
    expect(api.globalGraph).toHaveBeenCalled();
    const settings = built.at(-1)?.settings ?? {};
    expect(typeof settings.defaultDrawNodeLabel).toBe("function");
    expect(settings.labelRenderedSizeThreshold).toBe(0);
  });
});
