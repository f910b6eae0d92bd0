// Notes: a note's life (create, save, rename, trash, history), the lists and
// folders that show them, the links between them and their attachments.
import * as Notes from "../../wailsjs/go/app/NotesAPI";
import type { app, dto } from "../../wailsjs/go/models";
import { call, type Plain } from "./core";

/** Note is a note with its Markdown body; version counts every change; trashed_at is null for a live note. */
export type Note = Omit<dto.Note, "trashed_at"> & { trashed_at: string | null };

/** NoteSummary is a note in a list, without its body. */
export type NoteSummary = Omit<Note, "body">;

/** NotePage is one page of a note list; total counts every matching note. */
export interface NotePage {
  notes: NoteSummary[];
  total: number;
}

/** NoteOrder is how a list is sorted: most recently updated first, or by title. */
export type NoteOrder = "updated" | "title";

/** Version is one entry of a note's history; body is set only by getVersion. */
export type Version = dto.Version;

/** Folder is a folder of the vault ("" for the root) and how many notes it holds directly. */
export type Folder = dto.Folder;

/** Backlink is a note linking to (or mentioning) the open note, with the text around it. */
export type Backlink = dto.Backlink;

/** OutgoingLink is a link written in the open note and what it resolves to ("" ids when unresolved). */
export type OutgoingLink = dto.Link;

/** Tag is a tag with how many notes carry it. */
export type Tag = dto.Tag;

/** Attached is a stored attachment and the Markdown embed to insert. */
export type Attached = app.Attached;

/** RelatedNote is a note near another in meaning or through links, with why. */
export type RelatedNote = Plain<app.Related>;

/** toNote gives trashed_at its null (the generated model has it optional). */
export function toNote(n: dto.Note): Note {
  return { ...n, trashed_at: n.trashed_at ?? null };
}

function toSummary(n: dto.NoteSummary): NoteSummary {
  return { ...n, trashed_at: n.trashed_at ?? null };
}

/** toSummaryOrNull converts an optional summary. */
export function toSummaryOrNull(n: dto.NoteSummary | undefined | null): NoteSummary | null {
  return n ? toSummary(n) : null;
}

function toPage(page: dto.NotePage | null | undefined): NotePage {
  return { notes: (page?.notes ?? []).map(toSummary), total: page?.total ?? 0 };
}

/** createNote makes a note titled title in folder ("" for the root). */
export async function createNote(title: string, folder = "", body = ""): Promise<Note> {
  return toNote(await call(() => Notes.Create(title, folder, body)));
}

/** getNote returns a note by id, trashed or not. */
export async function getNote(id: string): Promise<Note> {
  return toNote(await call(() => Notes.Get(id)));
}

/** saveNote stores body if the note is still at expectedVersion; else it rejects with code "conflict". */
export async function saveNote(id: string, expectedVersion: number, body: string): Promise<Note> {
  return toNote(await call(() => Notes.Save(id, expectedVersion, body)));
}

/** renameNote gives a note a new title if it is still at expectedVersion. */
export async function renameNote(id: string, expectedVersion: number, title: string): Promise<Note> {
  return toNote(await call(() => Notes.Rename(id, expectedVersion, title)));
}

/** trashNote moves a note to the trash. */
export async function trashNote(id: string): Promise<Note> {
  return toNote(await call(() => Notes.Trash(id)));
}

/** restoreNote brings a note back from the trash. */
export async function restoreNote(id: string): Promise<Note> {
  return toNote(await call(() => Notes.Restore(id)));
}

/** deleteNote removes a note for good. */
export async function deleteNote(id: string): Promise<void> {
  await call(() => Notes.Delete(id));
}

/** listNotes returns one page of live or trashed notes; the backend caps limit at 1000. */
export async function listNotes(order: NoteOrder, offset: number, limit: number, trashed: boolean): Promise<NotePage> {
  return toPage(await call(() => Notes.List(order, offset, limit, trashed)));
}

/** listFolders returns every folder directly holding notes, with its count, sorted by path. */
export async function listFolders(): Promise<Folder[]> {
  return (await call(() => Notes.Folders())) ?? [];
}

/** listFolderNotes returns one page of the live notes in folder and its subfolders ("" for all). */
export async function listFolderNotes(folder: string, order: NoteOrder, offset: number, limit: number): Promise<NotePage> {
  return toPage(await call(() => Notes.ListFolder(folder, order, offset, limit)));
}

/** noteHistory returns a note's versions, newest first, without bodies. */
export async function noteHistory(id: string): Promise<Version[]> {
  return (await call(() => Notes.History(id))) ?? [];
}

/** getVersion returns one past version of a note with its body. */
export async function getVersion(id: string, version: number): Promise<Version> {
  return await call(() => Notes.Version(id, version));
}

/** revertNote makes version's text current again (as a new version) if the note is at expectedVersion. */
export async function revertNote(id: string, expectedVersion: number, version: number): Promise<Note> {
  return toNote(await call(() => Notes.Revert(id, expectedVersion, version)));
}

/** backlinks returns the notes that link to a note. */
export async function backlinks(id: string): Promise<Backlink[]> {
  return (await call(() => Notes.Backlinks(id))) ?? [];
}

/** mentions returns the notes that name a note in plain text without linking it. */
export async function mentions(id: string): Promise<Backlink[]> {
  return (await call(() => Notes.Mentions(id))) ?? [];
}

/** outgoingLinks returns the links written in a note. */
export async function outgoingLinks(id: string): Promise<OutgoingLink[]> {
  return (await call(() => Notes.Links(id))) ?? [];
}

/** listTags returns every tag with its note count. */
export async function listTags(): Promise<Tag[]> {
  return (await call(() => Notes.Tags())) ?? [];
}

/** linkMention turns the unlinked mention of target in source into a wikilink; "conflict" when source is past expectedVersion. */
export async function linkMention(sourceId: string, expectedVersion: number, targetId: string): Promise<Note> {
  return toNote(await call(() => Notes.LinkMention(sourceId, expectedVersion, targetId)));
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}

/** attachFile stores a pasted or dropped file in the vault and returns its embed. */
export async function attachFile(name: string, data: Uint8Array): Promise<Attached> {
  return await call(() => Notes.Attach(name, toBase64(data)));
}

/** attachmentURL is where the webview loads an attachment a link names. */
export function attachmentURL(target: string): string {
  return "/attachments/" + target.split("/").map(encodeURIComponent).join("/");
}

/** relatedNotes returns the notes related to a note. */
export async function relatedNotes(id: string): Promise<RelatedNote[]> {
  return (await call(() => Notes.Related(id))) ?? [];
}
