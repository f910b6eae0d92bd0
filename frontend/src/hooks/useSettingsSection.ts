import { useEffect, useRef, useState } from "react";
import { parseError, type AppError } from "../api";

/** SettingsSectionOptions: how a section of the Settings dialog loads and stores its text fields. */
export interface SettingsSectionOptions<S, F extends { [K in keyof F]: string }> {
  load(): Promise<S>;
  /** store saves the form and returns the settings as they are now saved. */
  store(form: F): Promise<S>;
  /** toForm is the form the saved settings fill. */
  toForm(saved: S): F;
  /** empty is the form before the settings arrive. */
  empty: F;
}

/** SettingsSection is a section's state: the saved settings, the form, and saving it. */
export interface SettingsSection<S, F extends { [K in keyof F]: string }> {
  saved: S | null;
  form: F;
  /** change sets one field (and clears "Saved."). */
  change(key: keyof F, value: string): void;
  /** changed says whether the form, trimmed, differs from what is saved. */
  changed: boolean;
  save(): Promise<void>;
  /** done says the last save worked. */
  done: boolean;
  error: AppError | null;
}

/**
 * useSettingsSection is the state of a Settings section that keeps its
 * fields in the backend (daily notes, templates): it loads them, tracks
 * edits against what is saved, and saves them with its own button. A field
 * typed in before the settings arrive keeps what was typed; the others
 * fill from the settings.
 */
export function useSettingsSection<S, F extends { [K in keyof F]: string }>(opts: SettingsSectionOptions<S, F>): SettingsSection<S, F> {
  const [saved, setSaved] = useState<S | null>(null);
  const [form, setForm] = useState<F>(opts.empty);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState(false);
  const typed = useRef(new Set<keyof F>());
  const { load, toForm } = opts;

  useEffect(() => {
    let live = true;
    load().then(
      (got) => {
        if (!live) return;
        setSaved(got);
        setForm((f) => {
          const loaded = { ...toForm(got) };
          for (const k of typed.current) loaded[k] = f[k];
          return loaded;
        });
      },
      (e: unknown) => live && setError(parseError(e)),
    );
    return () => {
      live = false;
    };
    // Loaded once, when the section opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = async () => {
    try {
      const got = await opts.store(form);
      setSaved(got);
      setForm(opts.toForm(got));
      setError(null);
      setDone(true);
    } catch (e) {
      setError(parseError(e));
      setDone(false);
    }
  };
  const change = (key: keyof F, value: string) => {
    typed.current.add(key);
    setForm((f) => ({ ...f, [key]: value }));
    setDone(false);
  };
  const savedForm = saved === null ? null : toForm(saved);
  const changed = savedForm !== null && (Object.keys(form) as (keyof F)[]).some((k) => form[k].trim() !== savedForm[k]);
  return { saved, form, change, changed, save, done, error };
}
