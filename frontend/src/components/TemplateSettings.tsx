import { useEffect, useState } from "react";
import { parseError, saveTemplateSettings, templateSettings, type AppError, type TemplateSettings } from "../api";

/**
 * TemplateSettingsSection is the Settings dialog's "Templates" part: the
 * folder whose notes are templates, the formats of {{date}} and {{time}},
 * and the note that starts each new daily note. Kept in the backend's
 * settings, so `secondbrain daily` uses the same template.
 */
export function TemplateSettingsSection() {
  const [saved, setSaved] = useState<TemplateSettings | null>(null);
  const [form, setForm] = useState<TemplateSettings>({ folder: "", date_format: "", time_format: "", daily_template: "" });
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    let live = true;
    templateSettings().then(
      (t) => {
        if (!live) return;
        setSaved(t);
        // What was typed before the settings arrived stays.
        setForm((f) => (Object.values(f).some((v) => v !== "") ? f : t));
      },
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  const save = async () => {
    try {
      await saveTemplateSettings(form);
      const t = await templateSettings();
      setSaved(t);
      setForm(t);
      setError(null);
      setDone(true);
    } catch (e) {
      setError(parseError(e));
      setDone(false);
    }
  };
  const field = (key: keyof TemplateSettings) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setForm((f) => ({ ...f, [key]: e.target.value }));
      setDone(false);
    },
  });
  const changed = saved !== null && (Object.keys(form) as (keyof TemplateSettings)[]).some((k) => form[k].trim() !== saved[k]);

  return (
    <fieldset>
      <legend>Templates</legend>
      <label>
        Folder <input aria-label="Templates folder" placeholder="Templates" {...field("folder")} />
      </label>
      <label>
        Daily note template <input aria-label="Daily note template" placeholder="none (a title or path, e.g. Templates/Daily)" {...field("daily_template")} />
      </label>
      <label>
        {"{{date}}"} format <input aria-label="Template date format" placeholder="YYYY-MM-DD" {...field("date_format")} />
      </label>
      <label>
        {"{{time}}"} format <input aria-label="Template time format" placeholder="HH:mm" {...field("time_format")} />
      </label>
      <p className="muted status-line">
        Ctrl/Cmd+K → Insert template puts a note of this folder in at the caret, with {"{{title}}"}, {"{{date}}"} and {"{{time}}"} filled in
        ({"{{date:dddd D MMMM}}"} takes a format of its own: YYYY, MM, DD, dddd, MMMM, Do, HH, mm…).
      </p>
      <div className="row">
        <button type="button" disabled={!changed} onClick={() => void save()}>
          Save templates
        </button>
        {done && <span className="ok">Saved.</span>}
        {error && (
          <span className="inline-error" role="alert">
            {error.message}
          </span>
        )}
      </div>
    </fieldset>
  );
}
