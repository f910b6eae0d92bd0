import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  findTitles: vi.fn(),
  searchNotes: vi.fn(),
  backlinks: vi.fn(),
  mentions: vi.fn(),
  outgoingLinks: vi.fn(),
  relatedNotes: vi.fn(),
  openExternal: vi.fn(),
  startImport: vi.fn(),
  cancelImport: vi.fn(),
  pickFolder: vi.fn(),
  onEvent: vi.fn(),
}));

import * as api from "../api";
import { matches } from "../hooks/useListNavigation";
import { CommandPalette } from "./CommandPalette";
import { ImportDialog } from "./ImportDialog";
import { QuickSwitcher } from "./QuickSwitcher";
import { ReadingView } from "./ReadingView";
import { LIST_CAP, RightPanel } from "./RightPanel";
import { SearchPanel } from "./SearchPanel";

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(api.onEvent).mockReturnValue(() => {});
});

describe("QuickSwitcher", () => {
  it("lists matches as you type and opens the chosen one with the keyboard", async () => {
    vi.mocked(api.findTitles).mockImplementation(async (text) =>
      text === "ad"
        ? [
            { id: "1", title: "Ada Lovelace", path: "Ada Lovelace.md", alias: "" },
            { id: "2", title: "Charles Babbage", path: "Charles Babbage.md", alias: "Adam" },
          ]
        : [],
    );
    const onOpen = vi.fn();
    const onClose = vi.fn();
    render(<QuickSwitcher onOpen={onOpen} onCreate={vi.fn()} onClose={onClose} />);
    fireEvent.change(screen.getByLabelText("Note title"), { target: { value: "ad" } });
    await screen.findByText("Ada Lovelace");
    expect(screen.getByText("← Adam")).toBeTruthy();
    fireEvent.keyDown(screen.getByLabelText("Note title"), { key: "ArrowDown" });
    fireEvent.keyDown(screen.getByLabelText("Note title"), { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith("2", { where: "here", focus: true });
    expect(onClose).toHaveBeenCalled();
  });

  it("opens the chosen note in a new tab with Ctrl+Enter and in the split with Ctrl+Shift+Enter", async () => {
    vi.mocked(api.findTitles).mockResolvedValue([{ id: "1", title: "Ada", path: "Ada.md", alias: "" }]);
    const onOpen = vi.fn();
    const { unmount } = render(<QuickSwitcher onOpen={onOpen} onCreate={vi.fn()} onClose={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Note title"), { target: { value: "ada" } });
    await screen.findByText("Ada");
    fireEvent.keyDown(screen.getByLabelText("Note title"), { key: "Enter", ctrlKey: true });
    expect(onOpen).toHaveBeenLastCalledWith("1", { where: "tab", focus: true });
    fireEvent.keyDown(screen.getByLabelText("Note title"), { key: "Enter", ctrlKey: true, shiftKey: true });
    expect(onOpen).toHaveBeenLastCalledWith("1", { where: "split", focus: true });
    unmount();
  });

  it("offers to create a note when no title matches exactly", async () => {
    vi.mocked(api.findTitles).mockResolvedValue([]);
    const onCreate = vi.fn();
    render(<QuickSwitcher onOpen={vi.fn()} onCreate={onCreate} onClose={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Note title"), { target: { value: "New idea" } });
    await screen.findByText("Create “New idea”");
    fireEvent.keyDown(screen.getByLabelText("Note title"), { key: "Enter" });
    expect(onCreate).toHaveBeenCalledWith("New idea", { where: "here", focus: true });
  });
});

describe("CommandPalette", () => {
  it("filters commands, shows shortcuts and runs the chosen one", () => {
    const a = vi.fn();
    const b = vi.fn();
    render(
      <CommandPalette
        commands={[
          { id: "a", title: "New note", shortcut: "Ctrl+N", run: a },
          { id: "b", title: "Show graph view", shortcut: "Ctrl+G", run: b },
        ]}
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByText("Ctrl+N")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Command"), { target: { value: "graph" } });
    expect(screen.queryByText("New note")).toBeNull();
    fireEvent.keyDown(screen.getByLabelText("Command"), { key: "Enter" });
    expect(b).toHaveBeenCalled();
    expect(a).not.toHaveBeenCalled();
  });

  it("matches every word", () => {
    expect(matches("Show graph view", "gra vi")).toBe(true);
    expect(matches("Show graph view", "graph note")).toBe(false);
  });
});

describe("SearchPanel", () => {
  it("searches as you type with the filters and renders only <mark> from snippets", async () => {
    vi.mocked(api.searchNotes).mockResolvedValue([
      {
        id: "n1",
        title: "Engine",
        path: "Engine.md",
        score: 1,
        snippet: 'the <mark>engine</mark> <img src=x onerror="window.pwned=1">',
        why: "title: engine",
        updated_at: "",
      },
    ]);
    const onOpen = vi.fn();
    const { container } = render(<SearchPanel onOpen={onOpen} initialTag="math" />);
    fireEvent.change(screen.getByLabelText("Search notes"), { target: { value: "engi" } });
    await screen.findByText("Engine");
    expect(vi.mocked(api.searchNotes).mock.calls.at(-1)?.[0]).toMatchObject({ text: "engi", prefix: true, tags: ["math"], mode: "lexical" });
    expect(container.querySelector(".snippet mark")?.textContent).toBe("engine");
    expect(container.querySelector(".snippet img")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Both" }));
    await waitFor(() => expect(vi.mocked(api.searchNotes).mock.calls.at(-1)?.[0].mode).toBe("hybrid"));
    fireEvent.click(screen.getByText("Engine"));
    expect(onOpen).toHaveBeenCalledWith("n1", { where: "here", focus: true });
  });

  it("lists a tag's notes with no words: the tag filter alone, newest first from the backend", async () => {
    vi.mocked(api.searchNotes).mockResolvedValue([
      { id: "t1", title: "Tagged", path: "Tagged.md", score: 0, snippet: "", why: "", updated_at: "" },
    ]);
    const onOpen = vi.fn();
    render(<SearchPanel onOpen={onOpen} initialTag="project/alpha" />);
    await screen.findByText("Tagged");
    expect(vi.mocked(api.searchNotes).mock.calls.at(-1)?.[0]).toMatchObject({ text: "", tags: ["project/alpha"] });
    expect(screen.getByText("#project/alpha")).toBeTruthy();
    fireEvent.click(screen.getByText("Tagged"), { ctrlKey: true });
    expect(onOpen).toHaveBeenCalledWith("t1", { where: "tab", focus: true });
    fireEvent.click(screen.getByRole("button", { name: "Clear the tag filter" }));
    await waitFor(() => expect(screen.queryByText("Tagged")).toBeNull());
  });
});

describe("ReadingView", () => {
  it("opens wikilinks in the app and web links in the system browser, never in the window", () => {
    const onOpenTitle = vi.fn();
    render(<ReadingView body={"[[Ada Lovelace|Ada]] and [site](https://example.com) <a href=\"javascript:alert(1)\">bad</a>"} onOpenTitle={onOpenTitle} />);
    fireEvent.click(screen.getByText("Ada"));
    expect(onOpenTitle).toHaveBeenCalledWith("Ada Lovelace", expect.objectContaining({ type: "click" }));
    const site = screen.getByText("site");
    const ev = new MouseEvent("click", { bubbles: true, cancelable: true });
    site.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(api.openExternal).toHaveBeenCalledWith("https://example.com");
    fireEvent.click(screen.getByText("bad"));
    expect(api.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe("RightPanel", () => {
  it("shows backlinks, mentions, outgoing links and properties", async () => {
    vi.mocked(api.backlinks).mockResolvedValue([{ source_id: "b", source_title: "Babbage", source_path: "Babbage.md", context: "met [[Ada]]" }]);
    vi.mocked(api.mentions).mockResolvedValue([]);
    vi.mocked(api.outgoingLinks).mockResolvedValue([
      { target: "Engine", anchor: "", alias: "", kind: "wiki", resolved_id: "e", resolved_title: "Engine", attachment_id: "" },
      { target: "Nowhere", anchor: "", alias: "", kind: "wiki", resolved_id: "", resolved_title: "", attachment_id: "" },
      { target: "Ada", anchor: "", alias: "", kind: "property", rel: "AUTHOR", resolved_id: "a", resolved_title: "Ada", attachment_id: "" },
    ]);
    vi.mocked(api.relatedNotes).mockResolvedValue([
      { id: "r", title: "Difference Engine", path: "d.md", similarity: 0.8, why: "similar (0.80); links to Ada", reasons: [] },
      {
        id: "s", title: "Analytical Engine", path: "a.md", similarity: 0.6, why: "it links to this note; both tagged #math; meaning: 0.60 similar",
        reasons: [{ kind: "link", text: "links here" }, { kind: "shared-tags", text: "#math" }, { kind: "meaning", text: "60% similar" }],
      },
    ]);
    const onOpen = vi.fn();
    const onOpenTitle = vi.fn();
    render(<RightPanel noteId="n" version={1} frontMatter="type: person" onOpen={onOpen} onOpenTitle={onOpenTitle} />);
    fireEvent.click(await screen.findByText("Babbage"));
    expect(onOpen).toHaveBeenCalledWith("b");
    expect(screen.getByText("AUTHOR")).toBeTruthy();
    expect(await screen.findByText("similar (0.80); links to Ada")).toBeTruthy();
    // Reasons show one by one; the sentence is the label.
    const why = screen.getByLabelText("Why: it links to this note; both tagged #math; meaning: 0.60 similar");
    expect([...why.querySelectorAll(".why-chip")].map((c) => c.textContent)).toEqual(["links here", "#math", "60% similar"]);
    expect(why.querySelector(".why-shared-tags")).toBeTruthy();
    expect(screen.getByText("type: person")).toBeTruthy();
    fireEvent.click(screen.getByText("Nowhere"));
    expect(onOpenTitle).toHaveBeenCalledWith("Nowhere");
  });

  it("draws the first rows of a long list until asked for all", async () => {
    vi.mocked(api.backlinks).mockResolvedValue([]);
    vi.mocked(api.mentions).mockResolvedValue([]);
    vi.mocked(api.relatedNotes).mockResolvedValue([]);
    vi.mocked(api.outgoingLinks).mockResolvedValue(
      Array.from({ length: LIST_CAP + 50 }, (_, i) => ({
        target: `T${i}`, anchor: "", alias: "", kind: "wiki", resolved_id: `id${i}`, resolved_title: `T${i}`, attachment_id: "",
      })),
    );
    render(<RightPanel noteId="n" version={1} frontMatter="" onOpen={vi.fn()} onOpenTitle={vi.fn()} />);
    const section = await screen.findByRole("region", { name: "Outgoing links" });
    await waitFor(() => expect(section.querySelectorAll("li").length).toBe(LIST_CAP + 1));
    expect(screen.queryByText(`T${LIST_CAP}`)).toBeNull();
    fireEvent.click(screen.getByText(`Show all ${LIST_CAP + 50}`));
    expect(section.querySelectorAll("li").length).toBe(LIST_CAP + 50);
    expect(screen.getByText(`T${LIST_CAP + 49}`)).toBeTruthy();
  });
});

describe("ImportDialog", () => {
  it("shows the report of an import that ends before Start returns", async () => {
    const handlers: Record<string, (p: unknown) => void> = {};
    vi.mocked(api.onEvent).mockImplementation((name, cb) => {
      handlers[name] = cb as (p: unknown) => void;
      return () => delete handlers[name];
    });
    vi.mocked(api.startImport).mockImplementation(async () => {
      handlers["import:done"]({ job: "import-7", error: new api.AppError("invalid", "not a folder: /nope") });
      return "import-7";
    });
    render(<ImportDialog onClose={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Folder to import"), { target: { value: "/nope" } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect(await screen.findByText("not a folder: /nope")).toBeTruthy();
    expect(screen.queryByText("Starting…")).toBeNull();
  });

  it("starts an import, shows progress, cancels and shows the report", async () => {
    const handlers: Record<string, (p: unknown) => void> = {};
    vi.mocked(api.onEvent).mockImplementation((name, cb) => {
      handlers[name] = cb as (p: unknown) => void;
      return () => delete handlers[name];
    });
    vi.mocked(api.startImport).mockResolvedValue("import-1");
    render(<ImportDialog onClose={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Folder to import"), { target: { value: "/vault" } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    await waitFor(() => expect(handlers["import:progress"]).toBeTruthy());
    expect(api.startImport).toHaveBeenCalledWith("/vault", "overwrite");
    act(() => handlers["import:progress"]({ job: "import-1", phase: "notes", done: 50, total: 200 }));
    expect(screen.getByText("notes 50/200")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(api.cancelImport).toHaveBeenCalledWith("import-1");
    act(() =>
      handlers["import:done"]({
        job: "import-1",
        report: {
          root: "/vault", format: "obsidian", notes: 50, created: 50, updated: 0, updated_paths: [], on_existing: "overwrite", unchanged: 0, attachments: 0, links: 10,
          unresolved_links: 2, skipped: [{ path: "x.md", reason: "binary file" }], renamed: [], warnings: [], missing_embeds: [],
          unresolved: [{ source: "a.md", target: "b" }], canceled: true, duration_ms: 1200,
        },
      }),
    );
    expect(screen.getByText(/Canceled: what was imported is kept/)).toBeTruthy();
    expect(screen.getByText("x.md")).toBeTruthy();
    expect(screen.getByText(/binary file/)).toBeTruthy();
  });
});
