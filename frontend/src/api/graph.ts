// Graph: the local and global graph views.
import * as Graph from "../../wailsjs/go/app/GraphAPI";
import type { dto } from "../../wailsjs/go/models";
import { call, type Plain } from "./core";

/** GraphNode is a node of the graph view: a note, a tag or a placeholder for a missing note; cluster is its community (1 = largest) in the global view, 0 for none. */
export type GraphNode = dto.GraphNode;

/** GraphEdge is a relation: LINKS_TO, EMBEDS, TAGGED or a typed one (AUTHOR…). */
export type GraphEdge = dto.GraphEdge;

/** Subgraph is what the graph view draws. */
export type Subgraph = Plain<dto.Subgraph>;

function toSubgraph(g: dto.Subgraph | null | undefined): Subgraph {
  return { nodes: g?.nodes ?? [], edges: g?.edges ?? [], truncated: Boolean(g?.truncated) };
}

/** localGraph returns a note's neighbourhood to depth hops (1..5). */
export async function localGraph(id: string, depth: number, relTypes: string[] = []): Promise<Subgraph> {
  return toSubgraph(await call(() => Graph.Local(id, depth, relTypes)));
}

/** globalGraph returns the whole graph, capped at maxNodes of the most connected nodes. */
export async function globalGraph(maxNodes = 5000): Promise<Subgraph> {
  return toSubgraph(await call(() => Graph.Global(maxNodes)));
}
