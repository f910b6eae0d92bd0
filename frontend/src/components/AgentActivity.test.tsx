import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  agentSettings: vi.fn(),
  saveAgentSettings: vi.fn(),
  agentActivity: vi.fn(),
  undoAgentChange: vi.fn(),
  copyText: vi.fn(),
}));

import { AppError, agentActivity, agentSettings, saveAgentSettings, undoAgentChange, type AgentChange } from "../api";
import { AgentActivity } from "./AgentActivity";

const change: AgentChange = {
  event: 42,
  time: "2026-01-01T10:00:00Z",
  kind: "note.updated",
  agent: "Claude",
  note_id: "n1",
  title: "Plan",
  path: "Plan.md",
  version: 2,
  diff: "--- a/Plan.md\n+++ b/Plan.md\n@@ -1 +1,2 @@\n one\n+<img src=x onerror=alert(1)>\n",
};

beforeEach(() => {
  vi.resetAllMocks();
  vi.mocked(agentSettings).mockResolvedValue({
    private_folders: ["journal"],
    private_tags: ["secret"],
    allow_writes: false,
    client_config: '{"mcpServers": {"secondbrain": {"command": "/opt/secondbrain", "args": ["mcp"]}}}',
    http_command: "/opt/secondbrain mcp --http 127.0.0.1:8765",
    config_path: "/home/u/.config/secondbrain/config.json",
  });
  vi.mocked(agentActivity).mockResolvedValue([change]);
  vi.mocked(saveAgentSettings).mockResolvedValue(undefined);
});

describe("AgentActivity", () => {
  it("shows the settings and the snippet, and saves hidden folders, tags and write permission", async () => {
    render(<AgentActivity onClose={() => {}} onOpenNote={() => {}} />);
    const folders = (await screen.findByDisplayValue("journal")) as HTMLInputElement;
    expect(screen.getByLabelText("Client configuration").textContent).toContain('"command": "/opt/secondbrain"');
    fireEvent.change(folders, { target: { value: "journal, work/private" } });
    fireEvent.click(screen.getByRole("checkbox"));
    await act(async () => {
      fireEvent.click(screen.getByText("Save agent settings"));
    });
    expect(saveAgentSettings).toHaveBeenCalledWith({ private_folders: ["journal", "work/private"], private_tags: ["secret"], allow_writes: true });
    expect(screen.getByRole("status").textContent).toContain("Saved");
  });

  it("lists an agent's change with its diff as text and undoes it", async () => {
    vi.mocked(undoAgentChange).mockResolvedValue({ id: "n1", title: "Plan", path: "Plan.md", body: "one\n", version: 3 } as never);
    render(<AgentActivity onClose={() => {}} onOpenNote={() => {}} />);
    const diff = await screen.findByLabelText("Diff of event 42");
    expect(diff.textContent).toContain("+<img src=x onerror=alert(1)>");
    expect(diff.querySelector("img")).toBeNull();
    vi.mocked(agentActivity).mockResolvedValue([]);
    await act(async () => {
      fireEvent.click(screen.getByLabelText("Undo Claude's change to Plan.md (event 42)"));
    });
    expect(undoAgentChange).toHaveBeenCalledWith(42);
    expect(screen.getByRole("status").textContent).toContain("Plan.md is back as version 3");
    expect(await screen.findByText("No agent has changed a note yet.")).toBeTruthy();
  });

  it("says why an undo is refused when the note changed since", async () => {
    vi.mocked(undoAgentChange).mockRejectedValue(new AppError("conflict", "Plan.md changed since the agent's change"));
    render(<AgentActivity onClose={() => {}} onOpenNote={() => {}} />);
    await screen.findByLabelText("Diff of event 42");
    await act(async () => {
      fireEvent.click(screen.getByText("Undo"));
    });
    expect(screen.getByRole("alert").textContent).toBe("Not undone: Plan.md changed since the agent's change");
  });
});
