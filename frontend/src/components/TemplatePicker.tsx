import { useEffect, useState } from "react";
import { listFolderNotes, parseError, renderTemplate, templateSettings, type AppError, type NoteSummary } from "../api";
import { useFilteredList } from "../hooks/useListNavigation";
import { PaletteDialog } from "./PaletteDialog";
import { ErrorLine } from "./ErrorLine";

/** TemplatePickerProps: the title of the note a template goes into, and what to do with the rendered text. */
export interface TemplatePickerProps {
  /** title fills the template's {{title}}. */
  title: string;
  onInsert(rendered: string): void;
  onClose(): void;
}

const NONE: NoteSummary[] = [];

/** TemplatePicker lists the notes of the templates folder; the chosen one is rendered ({{date}}, {{time}}, {{title}}) and inserted. */
export function TemplatePicker({ title, onInsert, onClose }: TemplatePickerProps) {
  const [folder, setFolder] = useState("");
  const [templates, setTemplates] = useState<NoteSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    templateSettings()
      .then(async (s) => {
        if (!live) return;
        setFolder(s.folder);
        const page = await listFolderNotes(s.folder, "title", 0, 500);
        if (live) setTemplates(page.notes);
      })
      .catch((e: unknown) => live && setError(parseError(e)));
    return () => {
      live = false;
    };
  }, []);
  const choose = async (t: NoteSummary | undefined) => {
    if (!t) return;
    try {
      const rendered = await renderTemplate(t.id, title);
      onClose();
      onInsert(rendered);
    } catch (e) {
      setError(parseError(e));
    }
  };
  const { shown, active, setActive, input } = useFilteredList(templates ?? NONE, (t) => void choose(t), onClose);
  return (
    <PaletteDialog
      label="Insert template"
      inputLabel="Template"
      placeholder="Insert a template…"
      {...input}
      onClose={onClose}
    >
      <ErrorLine error={error} />
      <ul role="listbox" aria-label="Templates" aria-busy={templates === null}>
        {shown.map((t, i) => (
          <li key={t.id} role="option" aria-selected={i === active} onMouseEnter={() => setActive(i)} onClick={() => void choose(t)}>
            <span className="result-title">{t.title}</span>
            <span className="result-path">{t.path}</span>
          </li>
        ))}
        {templates !== null && shown.length === 0 && (
          <li className="muted">
            {templates.length === 0
              ? `No templates yet: notes in the folder ${folder}/ are templates (the folder is set in Settings → Templates).`
              : "No matching template"}
          </li>
        )}
      </ul>
    </PaletteDialog>
  );
}
