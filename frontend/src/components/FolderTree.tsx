import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { Folder } from "../api";

/** FolderNode is a folder of the tree with its note counts. */
export interface FolderNode {
  name: string;
  /** path is the folder's path in the vault, "" for the root. */
  path: string;
  /** count is how many notes the folder holds directly; total includes its subfolders. */
  count: number;
  total: number;
  children: FolderNode[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/**
 * buildFolderTree turns the backend's flat folder counts into a tree: the
 * folders that hold only subfolders are made from the paths, and each
 * folder's total adds up its subfolders. Children sort by name, naturally.
 */
export function buildFolderTree(folders: readonly Folder[]): FolderNode {
  const root: FolderNode = { name: "", path: "", count: 0, total: 0, children: [] };
  const byPath = new Map<string, FolderNode>([["", root]]);
  const nodeAt = (path: string): FolderNode => {
    const found = byPath.get(path);
    if (found) return found;
    const cut = path.lastIndexOf("/");
    const parent = nodeAt(cut < 0 ? "" : path.slice(0, cut));
    const node: FolderNode = { name: path.slice(cut + 1), path, count: 0, total: 0, children: [] };
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const f of folders) nodeAt(f.path).count += f.count;
  const finish = (n: FolderNode): number => {
    n.children.sort((a, b) => collator.compare(a.name, b.name));
    n.total = n.count;
    for (const c of n.children) n.total += finish(c);
    return n.total;
  };
  finish(root);
  return root;
}

/** folderOf is the folder of a note's path ("" for the root). */
export function folderOf(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "" : path.slice(0, cut);
}

/** ancestors lists a folder and every folder above it, root excluded: "a/b" → ["a", "a/b"]. */
function ancestors(path: string): string[] {
  if (!path) return [];
  const parts = path.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** FolderTreeProps: the folders, which one filters the list, and the open note's path to reveal. */
export interface FolderTreeProps {
  folders: readonly Folder[];
  /** selected filters the note list; null shows every note. */
  selected: string | null;
  onSelect(folder: string | null): void;
  /** openPath is the open note's path; its folder is revealed (expanded and marked). */
  openPath?: string;
}

interface Row {
  node: FolderNode;
  level: number;
}

/**
 * FolderTree shows the vault's folders as a collapsible tree with note
 * counts. Only expanded folders render, so a vault with thousands of
 * folders stays cheap; arrow keys move, expand and collapse.
 */
export const FolderTree = memo(function FolderTree({ folders, selected, onSelect, openPath }: FolderTreeProps) {
  const tree = useMemo(() => buildFolderTree(folders), [folders]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const openFolder = openPath === undefined ? null : folderOf(openPath);
  const list = useRef<HTMLUListElement>(null);

  // Reveal the open note's folder (and the selected one): expand every folder above it.
  useEffect(() => {
    const want = [...ancestors(openFolder ?? "").slice(0, -1), ...ancestors(selected ?? "").slice(0, -1)];
    if (want.length === 0) return;
    setExpanded((ex) => (want.every((p) => ex.has(p)) ? ex : new Set([...ex, ...want])));
  }, [openFolder, selected]);
  useEffect(() => {
    if (openFolder === null) return;
    const rows = list.current?.querySelectorAll<HTMLElement>("[data-path]") ?? [];
    for (const el of rows) if (el.dataset.path === openFolder) el.scrollIntoView?.({ block: "nearest" });
  }, [openFolder, expanded]);

  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (n: FolderNode, level: number) => {
      for (const c of n.children) {
        out.push({ node: c, level });
        if (expanded.has(c.path)) walk(c, level + 1);
      }
    };
    walk(tree, 2);
    return out;
  }, [tree, expanded]);

  const toggle = (path: string, open?: boolean) =>
    setExpanded((ex) => {
      const next = new Set(ex);
      if (open ?? !ex.has(path)) next.add(path);
      else next.delete(path);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const at = selected === null ? -1 : rows.findIndex((r) => r.node.path === selected);
    const row = at >= 0 ? rows[at] : undefined;
    switch (e.key) {
      case "ArrowDown":
        if (at + 1 < rows.length) onSelect(rows[at + 1].node.path);
        break;
      case "ArrowUp":
        onSelect(at <= 0 ? null : rows[at - 1].node.path);
        break;
      case "ArrowRight":
        if (row && row.node.children.length > 0) toggle(row.node.path, true);
        break;
      case "ArrowLeft":
        if (row && expanded.has(row.node.path)) toggle(row.node.path, false);
        else if (row && row.level > 2) onSelect(folderOf(row.node.path));
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <ul ref={list} className="folder-tree" role="tree" aria-label="Folders" tabIndex={0} onKeyDown={onKeyDown}>
      <li
        role="treeitem"
        aria-level={1}
        aria-selected={selected === null}
        className={`folder-row${selected === null ? " selected" : ""}`}
        onClick={() => onSelect(null)}
      >
        <span className="folder-twisty" />
        <span className="folder-name">All notes</span>
        <span className="count">{tree.total.toLocaleString()}</span>
      </li>
      {rows.map(({ node, level }) => {
        const open = expanded.has(node.path);
        const leaf = node.children.length === 0;
        const isSelected = selected === node.path;
        return (
          <li
            key={node.path}
            data-path={node.path}
            role="treeitem"
            aria-level={level}
            aria-selected={isSelected}
            aria-expanded={leaf ? undefined : open}
            aria-label={`${node.name}, ${node.total} notes`}
            className={`folder-row${isSelected ? " selected" : ""}${openFolder === node.path ? " holds-open" : ""}`}
            style={{ paddingLeft: `${(level - 2) * 14 + 4}px` }}
            onClick={() => onSelect(node.path)}
          >
            {leaf ? (
              <span className="folder-twisty" />
            ) : (
              <button
                type="button"
                className="folder-twisty"
                tabIndex={-1}
                aria-label={open ? `Collapse ${node.name}` : `Expand ${node.name}`}
                onClick={(e) => {
                  e.stopPropagation();
                  toggle(node.path);
                }}
              >
                {open ? "▾" : "▸"}
              </button>
            )}
            <span className="folder-name" title={node.path}>
              {node.name}
            </span>
            <span className="count">{node.total.toLocaleString()}</span>
          </li>
        );
      })}
    </ul>
  );
});
