import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { navStart } from "../hooks/useNavHistory";
import { ConfirmDialog } from "./ConfirmDialog";
import { Outline } from "./Outline";
import { TabBar } from "./TabBar";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  getNote: vi.fn(),
}));

describe("Outline", () => {
  it("lists the headings indented by level and jumps to the one clicked; it follows the text", () => {
    const onJump = vi.fn();
    const { rerender } = render(<Outline body={"# A\ntext\n## B\n### C"} onJump={onJump} />);
    const items = screen.getAllByRole("button").map((b) => [b.textContent, (b.parentElement as HTMLElement).style.paddingLeft]);
    expect(items).toEqual([
      ["A", "0px"],
      ["B", "12px"],
      ["C", "24px"],
    ]);
    fireEvent.click(screen.getByRole("button", { name: "B" }));
    expect(onJump).toHaveBeenCalledWith(expect.objectContaining({ text: "B", line: 3, level: 2 }));
    rerender(<Outline body={"# A\n## New"} onJump={onJump} />);
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["A", "New"]);
    rerender(<Outline body="no headings" onJump={onJump} />);
    expect(screen.getByText("No headings")).toBeTruthy();
  });
});

describe("TabBar", () => {
  const tabs = [
    { key: "t1", nav: navStart("a") },
    { key: "t2", nav: { noteId: "b", back: ["a"], fwd: [] } },
    { key: "t3", nav: navStart("c") },
  ];
  const props = () => ({
    tabs,
    active: "t2",
    titles: { a: "Alpha", b: "Beta" },
    canBack: true,
    canForward: false,
    onBack: vi.fn(),
    onForward: vi.fn(),
    onActivate: vi.fn(),
    onClose: vi.fn(),
    onMove: vi.fn(),
  });

  it("shows the tabs (titles looked up when not known), switches, closes and moves them", async () => {
    vi.mocked(api.getNote).mockResolvedValue({ id: "c", title: "Gamma", path: "", body: "", version: 1, created_at: "", updated_at: "", trashed_at: null });
    const p = props();
    render(<TabBar {...p} />);
    await waitFor(() => expect(screen.getAllByRole("tab").map((t) => t.textContent)).toEqual(["Alpha×", "Beta×", "Gamma×"]));
    expect(screen.getByRole("tab", { selected: true }).textContent).toContain("Beta");
    fireEvent.click(screen.getByText("Alpha"));
    expect(p.onActivate).toHaveBeenCalledWith("t1");
    fireEvent(screen.getByText("Gamma").parentElement!, new MouseEvent("auxclick", { button: 1, bubbles: true }));
    expect(p.onClose).toHaveBeenCalledWith("t3");
    fireEvent.click(screen.getByRole("button", { name: "Close Alpha" }));
    expect(p.onClose).toHaveBeenLastCalledWith("t1");
    expect(p.onActivate).toHaveBeenCalledTimes(1);
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? "", effectAllowed: "" };
    fireEvent.dragStart(screen.getByText("Gamma").parentElement!, { dataTransfer });
    fireEvent.dragOver(screen.getByText("Alpha").parentElement!, { dataTransfer });
    fireEvent.drop(screen.getByText("Alpha").parentElement!, { dataTransfer });
    expect(p.onMove).toHaveBeenCalledWith(2, 0);
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(p.onBack).toHaveBeenCalled();
    expect((screen.getByRole("button", { name: "Forward" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("ConfirmDialog", () => {
  it("asks in the app: the confirming button has the focus, Escape cancels", () => {
    const onAnswer = vi.fn();
    render(<ConfirmDialog message="Create it?" yes="Create note" onAnswer={onAnswer} />);
    expect(document.activeElement?.textContent).toBe("Create note");
    fireEvent.keyDown(screen.getByRole("alertdialog"), { key: "Escape" });
    expect(onAnswer).toHaveBeenCalledWith(false);
    fireEvent.click(screen.getByRole("button", { name: "Create note" }));
    expect(onAnswer).toHaveBeenLastCalledWith(true);
  });
});
