import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  backlinks: vi.fn(),
  mentions: vi.fn(),
  outgoingLinks: vi.fn(),
  relatedNotes: vi.fn(),
  getNote: vi.fn(),
  linkMention: vi.fn(),
  dailyNeighbors: vi.fn(),
  templateSettings: vi.fn(),
  listFolderNotes: vi.fn(),
  renderTemplate: vi.fn(),
  saveTemplateSettings: vi.fn(),
}));

import * as api from "../api";
import { insertTemplate } from "../editing/insertTemplate";
import { DailyNav } from "./DailyNav";
import { RightPanel } from "./RightPanel";
import { TemplatePicker } from "./TemplatePicker";
import { TemplateSettingsSection } from "./TemplateSettings";

const summary = (id: string, title: string): api.NoteSummary => ({
  id,
  title,
  path: `journal/${title}.md`,
  version: 1,
  created_at: "",
  updated_at: "",
  trashed_at: null,
});

beforeEach(() => {
  vi.resetAllMocks();
});

describe("Link it", () => {
  beforeEach(() => {
    vi.mocked(api.backlinks).mockResolvedValue([]);
    vi.mocked(api.outgoingLinks).mockResolvedValue([]);
    vi.mocked(api.relatedNotes).mockResolvedValue([]);
    vi.mocked(api.getNote).mockResolvedValue({ ...summary("src", "Other"), body: "about Target", version: 4 });
  });

  it("links the mention with the other note's version and lists the mentions again", async () => {
    vi.mocked(api.mentions)
      .mockResolvedValueOnce([{ source_id: "src", source_title: "Other", source_path: "Other.md", context: "about Target" }])
      .mockResolvedValue([]);
    vi.mocked(api.linkMention).mockResolvedValue({ ...summary("src", "Other"), body: "about [[Target]]", version: 5 });
    render(<RightPanel noteId="t" version={1} frontMatter="" onOpen={vi.fn()} onOpenTitle={vi.fn()} />);
    fireEvent.click(await screen.findByLabelText("Link it in Other"));
    await waitFor(() => expect(api.linkMention).toHaveBeenCalledWith("src", 4, "t"));
    await waitFor(() => expect(screen.queryByLabelText("Link it in Other")).toBeNull());
    expect(api.mentions).toHaveBeenCalledTimes(2);
  });

  it("reports a conflict and keeps the list", async () => {
    vi.mocked(api.mentions).mockResolvedValue([{ source_id: "src", source_title: "Other", source_path: "Other.md", context: "about Target" }]);
    vi.mocked(api.linkMention).mockRejectedValue(new api.AppError("conflict", '"Other" changed since its mentions were listed'));
    render(<RightPanel noteId="t" version={1} frontMatter="" onOpen={vi.fn()} onOpenTitle={vi.fn()} />);
    fireEvent.click(await screen.findByLabelText("Link it in Other"));
    expect((await screen.findByRole("alert")).textContent).toMatch(/changed since/);
    expect(screen.getByLabelText("Link it in Other")).toBeTruthy();
  });
});

describe("insertTemplate", () => {
  it("inserts the body at the caret, replacing the selection", () => {
    const doc = "# Note\nhello world\n";
    const { changes, caret } = insertTemplate(doc, 13, 18, "- [ ] {{x}}\n");
    expect(changes).toEqual([{ from: 13, to: 18, insert: "- [ ] {{x}}\n" }]);
    expect(caret).toBe(13 + 12);
  });

  it("adds the template's properties the note lacks to its front matter", () => {
    const doc = "---\ntitle: mine\n---\nbody\n";
    const tpl = "---\ntitle: theirs\ntags: [meeting]\n---\n## Agenda\n";
    const { changes, caret } = insertTemplate(doc, doc.length, doc.length, tpl);
    let out = doc;
    for (const c of [...changes].reverse()) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
    expect(out).toBe("---\ntitle: mine\ntags: [meeting]\n---\nbody\n## Agenda\n");
    expect(caret).toBe(out.length);
    // A note without front matter gets one.
    const bare = insertTemplate("x", 1, 1, tpl);
    expect(bare.changes[0]).toEqual({ from: 0, to: 0, insert: "---\ntitle: theirs\ntags: [meeting]\n---\n" });
  });
});

describe("TemplatePicker", () => {
  it("lists the templates folder, filters, and inserts the rendered choice", async () => {
    vi.mocked(api.templateSettings).mockResolvedValue({ folder: "Templates", date_format: "", time_format: "", daily_template: "" });
    vi.mocked(api.listFolderNotes).mockResolvedValue({ notes: [summary("m", "Meeting"), summary("d", "Daily")], total: 2 });
    vi.mocked(api.renderTemplate).mockResolvedValue("## Plan 2026-01-02");
    const onInsert = vi.fn();
    const onClose = vi.fn();
    render(<TemplatePicker title="Plan" onInsert={onInsert} onClose={onClose} />);
    await screen.findByText("Meeting");
    expect(api.listFolderNotes).toHaveBeenCalledWith("Templates", "title", 0, 500);
    fireEvent.change(screen.getByLabelText("Template"), { target: { value: "dai" } });
    expect(screen.queryByText("Meeting")).toBeNull();
    await act(async () => {
      fireEvent.keyDown(screen.getByLabelText("Template"), { key: "Enter" });
    });
    expect(api.renderTemplate).toHaveBeenCalledWith("d", "Plan");
    expect(onClose).toHaveBeenCalled();
    expect(onInsert).toHaveBeenCalledWith("## Plan 2026-01-02");
  });

  it("says where templates go when there are none", async () => {
    vi.mocked(api.templateSettings).mockResolvedValue({ folder: "Tpl", date_format: "", time_format: "", daily_template: "" });
    vi.mocked(api.listFolderNotes).mockResolvedValue({ notes: [], total: 0 });
    render(<TemplatePicker title="x" onInsert={vi.fn()} onClose={vi.fn()} />);
    expect((await screen.findByText(/No templates yet/)).textContent).toContain("Tpl/");
  });
});

describe("DailyNav", () => {
  it("shows arrows on a daily note and opens its neighbours", async () => {
    vi.mocked(api.dailyNeighbors).mockResolvedValue({ date: "2026-01-09", prev: summary("p", "2026-01-05"), next: null });
    const onOpen = vi.fn();
    render(<DailyNav noteId="d" onOpen={onOpen} />);
    fireEvent.click(await screen.findByLabelText("Previous daily note"));
    expect(onOpen).toHaveBeenCalledWith("p");
    expect((screen.getByLabelText("Next daily note") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows nothing on another note", async () => {
    vi.mocked(api.dailyNeighbors).mockResolvedValue({ date: "", prev: null, next: null });
    const { container } = render(<DailyNav noteId="n" onOpen={vi.fn()} />);
    await waitFor(() => expect(api.dailyNeighbors).toHaveBeenCalled());
    expect(container.textContent).toBe("");
  });
});

describe("TemplateSettingsSection", () => {
  it("shows the settings and saves a change", async () => {
    vi.mocked(api.templateSettings)
      .mockResolvedValueOnce({ folder: "Templates", date_format: "YYYY-MM-DD", time_format: "HH:mm", daily_template: "" })
      .mockResolvedValue({ folder: "Templates", date_format: "YYYY-MM-DD", time_format: "HH:mm", daily_template: "Templates/Daily" });
    vi.mocked(api.saveTemplateSettings).mockResolvedValue();
    render(<TemplateSettingsSection />);
    await waitFor(() => expect((screen.getByLabelText("Templates folder") as HTMLInputElement).value).toBe("Templates"));
    const save = screen.getByText("Save templates") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Daily note template"), { target: { value: "Templates/Daily" } });
    await act(async () => {
      fireEvent.click(save);
    });
    expect(api.saveTemplateSettings).toHaveBeenCalledWith({ folder: "Templates", date_format: "YYYY-MM-DD", time_format: "HH:mm", daily_template: "Templates/Daily" });
    expect(await screen.findByText("Saved.")).toBeTruthy();
  });
});
