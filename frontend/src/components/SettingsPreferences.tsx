import { useState } from "react";
import { dailySettings, setDailySettings, type DailySettings } from "../api";
import { FONT_FAMILIES, loadEditorFont, MAX_FONT_SIZE, MIN_FONT_SIZE, saveEditorFont, type EditorFont } from "../hooks/editorFont";
import { themeLabel, useTheme, type ThemeChoice } from "../hooks/useTheme";
import { useSettingsSection } from "../hooks/useSettingsSection";
import { Field } from "./Field";
import { SaveRow } from "./SaveRow";

/** AppearanceSettings: the theme and the editor's font family and size, applied at once and remembered on this device. */
export function AppearanceSettings() {
  const { theme, setTheme } = useTheme();
  const [font, setFont] = useState<EditorFont>(loadEditorFont);
  const change = (patch: Partial<EditorFont>) => setFont(saveEditorFont({ ...font, ...patch }));
  const custom = font.family !== "" && !FONT_FAMILIES.some((f) => f.value === font.family);
  return (
    <fieldset>
      <legend>Appearance</legend>
      <label>
        Theme{" "}
        <select aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
          {(["system", "light", "dark"] as const).map((c) => (
            <option key={c} value={c}>
              {themeLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Editor font{" "}
        <select
          aria-label="Editor font"
          value={custom ? "custom" : font.family}
          onChange={(e) => change({ family: e.target.value === "custom" ? "serif" : e.target.value })}
        >
          {FONT_FAMILIES.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
          <option value="custom">Another font…</option>
        </select>
      </label>
      {custom && (
        <Field label="Font family" aria-label="Editor font family" value={font.family} placeholder="Iosevka, monospace" onChange={(e) => change({ family: e.target.value })} />
      )}
      <Field
        label="Editor font size"
        aria-label="Editor font size"
        type="number"
        min={MIN_FONT_SIZE}
        max={MAX_FONT_SIZE}
        placeholder="15 (default)"
        value={font.size || ""}
        onChange={(e) => change({ size: Number.parseInt(e.target.value, 10) || 0 })}
      />
    </fieldset>
  );
}

/** DailyNoteSettings: the daily notes' folder and title format, which Ctrl+D and `secondbrain daily` both use. */
export function DailyNoteSettings() {
  const { saved, form, change, changed, save, done, error } = useSettingsSection({
    load: dailySettings,
    store: (f) => setDailySettings(f.folder.trim(), f.format.trim()),
    toForm: (d: DailySettings) => ({ folder: d.folder, format: d.format }),
    empty: { folder: "", format: "" },
  });

  return (
    <fieldset>
      <legend>Daily notes</legend>
      <Field label="Folder" aria-label="Daily notes folder" value={form.folder} placeholder="journal" onChange={(e) => change("folder", e.target.value)} />
      <Field
        label="Title format"
        aria-label="Daily note date format"
        value={form.format}
        placeholder="2006-01-02"
        list="daily-formats"
        onChange={(e) => change("format", e.target.value)}
      />
      <datalist id="daily-formats">
        <option value="2006-01-02" />
        <option value="2006-01-02 Mon" />
        <option value="Jan 2, 2006" />
        <option value="02.01.2006" />
      </datalist>
      <p className="muted status-line">
        A Go date layout: 2006 is the year, 01 the month, 02 the day, Jan and Mon the month's and day's names.
        {saved && (
          <>
            {" "}
            Today's note: <code aria-label="Today's daily note">{`${saved.folder ? saved.folder + "/" : ""}${saved.example}`}</code>
          </>
        )}
      </p>
      <SaveRow label="Save daily notes" changed={changed} done={done} error={error} onSave={() => void save()} />
    </fieldset>
  );
}
