// Daily notes and templates: today's note, its neighbours, where daily notes
// go and how templates fill in.
import * as Notes from "../../wailsjs/go/app/NotesAPI";
import type { app, dto } from "../../wailsjs/go/models";
import { call } from "./core";
import { type Note, type NoteSummary, toNote, toSummaryOrNull } from "./notes";

/** DailyNeighbors: date is the note's day ("" when it is no daily note); prev/next are the nearest existing daily notes. */
export interface DailyNeighbors {
  date: string;
  prev: NoteSummary | null;
  next: NoteSummary | null;
}

/** TemplateSettings: the templates folder, the {{date}}/{{time}} formats (YYYY-MM-DD, HH:mm) and the daily note's template ("" for none). */
export type TemplateSettings = dto.TemplateSettings;

/** DailySettings: the folder of daily notes, their title format (a Go time layout such as 2006-01-02), the template, and today's title. */
export type DailySettings = app.DailySettings;

/** todayNote returns today's daily note, made from the template when it does not exist yet. */
export async function todayNote(): Promise<Note> {
  return toNote(await call(() => Notes.Today()));
}

/** dailyNeighbors says whether a note is a daily note and which daily notes come before and after it. */
export async function dailyNeighbors(id: string): Promise<DailyNeighbors> {
  const d = await call(() => Notes.DailyNeighbors(id));
  return { date: d?.date ?? "", prev: toSummaryOrNull(d?.prev), next: toSummaryOrNull(d?.next) };
}

/** templateSettings returns the template settings. */
export async function templateSettings(): Promise<TemplateSettings> {
  return await call(() => Notes.TemplateSettings());
}

/** saveTemplateSettings stores the template settings ("invalid" for a bad folder or format). */
export async function saveTemplateSettings(t: TemplateSettings): Promise<void> {
  await call(() => Notes.SetTemplateSettings(t));
}

/** renderTemplate returns a template note's text with {{date}}, {{time}} and {{title}} filled in for the note titled title. */
export async function renderTemplate(ref: string, title: string): Promise<string> {
  return (await call(() => Notes.RenderTemplate(ref, title))) ?? "";
}

/** dailySettings returns where daily notes go and how they are named (the CLI's `daily` uses the same). */
export async function dailySettings(): Promise<DailySettings> {
  return await call(() => Notes.DailySettings());
}

/** setDailySettings stores the daily notes' folder and title format; the template is kept. */
export async function setDailySettings(folder: string, format: string): Promise<DailySettings> {
  return await call(() => Notes.SetDailySettings(folder, format));
}
