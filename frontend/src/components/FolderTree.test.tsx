import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { buildFolderTree, folderOf, FolderTree } from "./FolderTree";
import { subfolder } from "./NoteList";

const folders = [
  { path: "", count: 2 },
  { path: "people", count: 1 },
  { path: "projects/alpha", count: 2 },
  { path: "projects/alpha/old", count: 1 },
  { path: "projects/beta", count: 1 },
  { path: "projects/10", count: 1 },
  { path: "projects/9", count: 1 },
];

describe("buildFolderTree", () => {
  it("makes the missing parents and adds up the subfolders", () => {
    const root = buildFolderTree(folders);
    expect(root.total).toBe(9);
    expect(root.children.map((c) => [c.name, c.count, c.total])).toEqual([
      ["people", 1, 1],
      ["projects", 0, 6],
    ]);
    const projects = root.children[1];
    expect(projects.children.map((c) => c.name)).toEqual(["9", "10", "alpha", "beta"]);
    expect(projects.children[2].total).toBe(3);
    expect(projects.children[2].children[0].path).toBe("projects/alpha/old");
  });

  it("builds 20,000 folders quickly enough to rebuild on every change", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ path: `f${i % 100}/g${i}`, count: 5 }));
    const root = buildFolderTree(many);
    expect(root.children.length).toBe(100);
    expect(root.total).toBe(100_000);
  });
});

describe("folderOf and subfolder", () => {
  it.each([
    ["a.md", ""],
    ["projects/alpha/plan.md", "projects/alpha"],
  ])("folderOf(%j) = %j", (path, want) => expect(folderOf(path)).toBe(want));
  it.each([
    ["projects", "projects/plan.md", ""],
    ["projects", "projects/alpha/old/plan.md", "alpha/old"],
    ["", "projects/plan.md", "projects"],
  ])("subfolder(%j, %j) = %j", (folder, path, want) => expect(subfolder(folder, path)).toBe(want));
});

describe("FolderTree", () => {
  it("expands, collapses and picks a folder to filter the list", () => {
    const onSelect = vi.fn();
    render(<FolderTree folders={folders} selected={null} onSelect={onSelect} />);
    const tree = screen.getByRole("tree", { name: "Folders" });
    expect(within(tree).getByText("All notes").parentElement?.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("treeitem", { name: "projects, 6 notes" }).getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("treeitem", { name: "alpha, 3 notes" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Expand projects" }));
    expect(screen.getByRole("treeitem", { name: "projects, 6 notes" }).getAttribute("aria-expanded")).toBe("true");
    expect(onSelect).not.toHaveBeenCalled(); // the twisty only expands
    fireEvent.click(screen.getByRole("treeitem", { name: "alpha, 3 notes" }));
    expect(onSelect).toHaveBeenCalledWith("projects/alpha");

    fireEvent.click(screen.getByRole("button", { name: "Collapse projects" }));
    expect(screen.queryByRole("treeitem", { name: "alpha, 3 notes" })).toBeNull();
    fireEvent.click(screen.getByText("All notes"));
    expect(onSelect).toHaveBeenLastCalledWith(null);
  });

  it("reveals the open note's folder", () => {
    render(<FolderTree folders={folders} selected={null} onSelect={vi.fn()} openPath="projects/alpha/old/plan.md" />);
    const old = screen.getByRole("treeitem", { name: "old, 1 notes" });
    expect(old.className).toContain("holds-open");
    expect(old.getAttribute("aria-level")).toBe("4");
  });

  it("moves with the arrow keys", () => {
    const onSelect = vi.fn();
    const { rerender } = render(<FolderTree folders={folders} selected="projects" onSelect={onSelect} />);
    const tree = screen.getByRole("tree");
    fireEvent.keyDown(tree, { key: "ArrowRight" });
    expect(screen.getByRole("treeitem", { name: "projects, 6 notes" }).getAttribute("aria-expanded")).toBe("true");
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    expect(onSelect).toHaveBeenLastCalledWith("projects/9");
    rerender(<FolderTree folders={folders} selected="projects/9" onSelect={onSelect} />);
    fireEvent.keyDown(tree, { key: "ArrowLeft" });
    expect(onSelect).toHaveBeenLastCalledWith("projects");
    rerender(<FolderTree folders={folders} selected="projects" onSelect={onSelect} />);
    fireEvent.keyDown(tree, { key: "ArrowUp" });
    expect(onSelect).toHaveBeenLastCalledWith("people");
  });
});
