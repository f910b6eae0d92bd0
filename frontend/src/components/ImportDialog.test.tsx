import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  startImport: vi.fn(),
  cancelImport: vi.fn(),
  pickFolder: vi.fn(),
  onEvent: vi.fn(),
}));

import * as api from "../api";
import { ImportDialog } from "./ImportDialog";

const report: api.ImportReport = {
  root: "/vault",
  format: "markdown",
  notes: 3,
  created: 1,
  updated: 2,
  updated_paths: ["Note.md", "A/Same.md"],
  on_existing: "overwrite",
  unchanged: 0,
  attachments: 0,
  links: 0,
  unresolved_links: 0,
  skipped: [],
  renamed: [],
  warnings: [],
  unresolved: [],
  missing_embeds: [],
  canceled: false,
  duration_ms: 100,
};

let handlers: Record<string, (p: unknown) => void>;

beforeEach(() => {
  vi.resetAllMocks();
  handlers = {};
  vi.mocked(api.onEvent).mockImplementation((name, cb) => {
    handlers[name] = cb as (p: unknown) => void;
    return () => delete handlers[name];
  });
  vi.mocked(api.startImport).mockResolvedValue("import-1");
});

async function importFolder(path: string) {
  fireEvent.change(screen.getByLabelText("Folder to import"), { target: { value: path } });
  fireEvent.click(screen.getByRole("button", { name: "Import" }));
  await waitFor(() => expect(api.startImport).toHaveBeenCalled());
}

describe("ImportDialog's choice for existing notes", () => {
  it("replaces existing notes by default and lists the updated paths in the report", async () => {
    render(<ImportDialog onClose={vi.fn()} />);
    expect((screen.getByRole("radio", { name: /Replace its text/ }) as HTMLInputElement).checked).toBe(true);
    await importFolder("/vault");
    expect(api.startImport).toHaveBeenCalledWith("/vault", "overwrite");
    act(() => handlers["import:done"]({ job: "import-1", report }));
    const rep = screen.getByLabelText("Import report");
    expect(within(rep).getByText(/2 updated \(history/)).toBeTruthy();
    expect(within(rep).getByText("Note.md")).toBeTruthy();
    expect(within(rep).getByText("A/Same.md")).toBeTruthy();
  });

  it("keeps both when chosen, and shows where the incoming files went", async () => {
    render(<ImportDialog onClose={vi.fn()} />);
    fireEvent.click(screen.getByRole("radio", { name: /Keep both/ }));
    await importFolder("/vault");
    expect(api.startImport).toHaveBeenCalledWith("/vault", "keep-both");
    // The choice locks once the job has started (after startImport resolves).
    await waitFor(() => expect(screen.getByRole("radio", { name: /Keep both/ }).matches(":disabled")).toBe(true));
    act(() =>
      handlers["import:done"]({
        job: "import-1",
        report: {
          ...report,
          created: 3,
          updated: 0,
          updated_paths: [],
          on_existing: "keep-both",
          renamed: [{ path: "Note.md", new_path: "Note (2).md", reason: 'a note with other text is already at "Note.md"; both are kept' }],
        },
      }),
    );
    const rep = screen.getByLabelText("Import report");
    expect(within(rep).queryByText(/updated \(history/)).toBeNull();
    expect(within(rep).getByText("Note (2).md")).toBeTruthy();
    expect(within(rep).getByText(/both are kept/)).toBeTruthy();
  });

  it("lists the embedded files missing from the folder", async () => {
    render(<ImportDialog onClose={vi.fn()} />);
    await importFolder("/vault");
    act(() =>
      handlers["import:done"]({
        job: "import-1",
        report: { ...report, missing_embeds: [{ source: "Trip.md", target: "photo.png" }] },
      }),
    );
    const rep = screen.getByLabelText("Import report");
    expect(within(rep).getByText("1 missing embedded files")).toBeTruthy();
    expect(within(rep).getByText("photo.png")).toBeTruthy();
    expect(within(rep).getByText("Trip.md")).toBeTruthy();
  });
});
