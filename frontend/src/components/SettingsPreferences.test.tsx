import { act, fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../api")>()),
  dailySettings: vi.fn(),
  setDailySettings: vi.fn(),
}));

import * as api from "../api";
import { EDITOR_FONT_KEY } from "../hooks/editorFont";
import { resetThemeForTests, THEME_KEY } from "../hooks/useTheme";
import { AppearanceSettings, DailyNoteSettings } from "./SettingsPreferences";

beforeEach(() => {
  vi.resetAllMocks();
  localStorage.clear();
  resetThemeForTests();
  document.documentElement.removeAttribute("style");
  delete document.documentElement.dataset.editorFont;
  delete document.documentElement.dataset.editorSize;
});

describe("AppearanceSettings", () => {
  it("sets the theme and the editor's font family and size, applied and remembered", () => {
    render(<AppearanceSettings />);
    fireEvent.change(screen.getByLabelText("Theme"), { target: { value: "dark" } });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(localStorage.getItem(THEME_KEY)).toBe("dark");

    fireEvent.change(screen.getByLabelText("Editor font"), { target: { value: "system-ui, sans-serif" } });
    fireEvent.change(screen.getByLabelText("Editor font size"), { target: { value: "18" } });
    const root = document.documentElement;
    expect(root.style.getPropertyValue("--editor-font")).toBe("system-ui, sans-serif");
    expect(root.style.getPropertyValue("--editor-size")).toBe("18px");
    expect(root.dataset.editorSize).toBe("");
    expect(JSON.parse(localStorage.getItem(EDITOR_FONT_KEY) ?? "")).toEqual({ family: "system-ui, sans-serif", size: 18 });

    // Out of range is bounded; empty goes back to the default.
    fireEvent.change(screen.getByLabelText("Editor font size"), { target: { value: "200" } });
    expect(root.style.getPropertyValue("--editor-size")).toBe("32px");
    fireEvent.change(screen.getByLabelText("Editor font size"), { target: { value: "" } });
    expect(root.style.getPropertyValue("--editor-size")).toBe("");
    expect(root.dataset.editorSize).toBeUndefined();

    fireEvent.change(screen.getByLabelText("Editor font"), { target: { value: "custom" } });
    fireEvent.change(screen.getByLabelText("Editor font family"), { target: { value: "Iosevka; color: red" } });
    expect(root.style.getPropertyValue("--editor-font")).toBe("Iosevka color: red");
  });
});

describe("DailyNoteSettings", () => {
  it("shows and saves the daily notes' folder and format", async () => {
    vi.mocked(api.dailySettings).mockResolvedValue({ folder: "journal", format: "2006-01-02", template: "", example: "2026-12-06" });
    vi.mocked(api.setDailySettings).mockResolvedValue({ folder: "days", format: "2006-01-02 Mon", template: "", example: "2026-12-06 Sun" });
    render(<DailyNoteSettings />);
    const folder = (await screen.findByDisplayValue("journal")) as HTMLInputElement;
    expect(folder.getAttribute("aria-label")).toBe("Daily notes folder");
    expect(screen.getByLabelText("Today's daily note").textContent).toBe("journal/2026-12-06");
    const save = screen.getByRole("button", { name: "Save daily notes" }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(folder, { target: { value: "days" } });
    fireEvent.change(screen.getByLabelText("Daily note date format"), { target: { value: "2006-01-02 Mon" } });
    await act(async () => {
      fireEvent.click(save);
    });
    expect(api.setDailySettings).toHaveBeenCalledWith("days", "2006-01-02 Mon");
    expect(screen.getByLabelText("Today's daily note").textContent).toBe("days/2026-12-06 Sun");
    expect(screen.getByText("Saved.")).toBeTruthy();
  });

  it("keeps a field typed before the settings arrive, and fills the others", async () => {
    let arrive: (d: api.DailySettings) => void = () => {};
    vi.mocked(api.dailySettings).mockReturnValue(new Promise((resolve) => (arrive = resolve)));
    render(<DailyNoteSettings />);
    fireEvent.change(screen.getByLabelText("Daily notes folder"), { target: { value: "days" } });
    await act(async () => arrive({ folder: "journal", format: "2006-01-02", template: "", example: "2026-12-06" }));
    expect((screen.getByLabelText("Daily notes folder") as HTMLInputElement).value).toBe("days");
    expect((screen.getByLabelText("Daily note date format") as HTMLInputElement).value).toBe("2006-01-02");
    expect((screen.getByRole("button", { name: "Save daily notes" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("says why a format is refused", async () => {
    vi.mocked(api.dailySettings).mockResolvedValue({ folder: "journal", format: "2006-01-02", template: "", example: "2026-12-06" });
    vi.mocked(api.setDailySettings).mockRejectedValue(new api.AppError("invalid", 'the daily note format "Monday" does not make a usable title'));
    render(<DailyNoteSettings />);
    fireEvent.change(await screen.findByDisplayValue("2006-01-02"), { target: { value: "Monday" } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Save daily notes" }));
    });
    expect(screen.getByRole("alert").textContent).toContain("does not make a usable title");
  });
});
