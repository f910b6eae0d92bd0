import { saveTemplateSettings, templateSettings, type TemplateSettings } from "../api";
import { useSettingsSection } from "../hooks/useSettingsSection";
import { Field } from "./Field";
import { SaveRow } from "./SaveRow";

/**
 * TemplateSettingsSection is the Settings dialog's "Templates" part: the
 * folder whose notes are templates, the formats of {{date}} and {{time}},
 * and the note that starts each new daily note. Kept in the backend's
 * settings, so `secondbrain daily` uses the same template.
 */
export function TemplateSettingsSection() {
  const { form, change, changed, save, done, error } = useSettingsSection<TemplateSettings, TemplateSettings>({
    load: templateSettings,
    store: async (f) => {
      await saveTemplateSettings(f);
      return await templateSettings();
    },
    toForm: (t) => t,
    empty: { folder: "", date_format: "", time_format: "", daily_template: "" },
  });
  const field = (key: keyof TemplateSettings) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => change(key, e.target.value),
  });

  return (
    <fieldset>
      <legend>Templates</legend>
      <Field label="Folder" aria-label="Templates folder" placeholder="Templates" {...field("folder")} />
      <Field label="Daily note template" aria-label="Daily note template" placeholder="none (a title or path, e.g. Templates/Daily)" {...field("daily_template")} />
      <Field label={<>{"{{date}}"} format</>} aria-label="Template date format" placeholder="YYYY-MM-DD" {...field("date_format")} />
      <Field label={<>{"{{time}}"} format</>} aria-label="Template time format" placeholder="HH:mm" {...field("time_format")} />
      <p className="muted status-line">
        Ctrl/Cmd+K → Insert template puts a note of this folder in at the caret, with {"{{title}}"}, {"{{date}}"} and {"{{time}}"} filled in
        ({"{{date:dddd D MMMM}}"} takes a format of its own: YYYY, MM, DD, dddd, MMMM, Do, HH, mm…).
      </p>
      <SaveRow label="Save templates" changed={changed} done={done} error={error} onSave={() => void save()} />
    </fieldset>
  );
}
