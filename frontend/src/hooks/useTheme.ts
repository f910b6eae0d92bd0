// Package hooks: the window's colour theme (light, dark or the system's),
// chosen in the app and remembered on this device.
import { useCallback, useEffect, useLayoutEffect, useSyncExternalStore } from "react";

/** ThemeChoice is what the person picked; "system" follows the operating system. */
export type ThemeChoice = "light" | "dark" | "system";

/** THEME_KEY is where the choice is kept (localStorage). */
export const THEME_KEY = "secondbrain.theme";

/** THEME_EVENT fires on window after the theme shown changed: detail is "light" or "dark". */
export const THEME_EVENT = "secondbrain:theme";

const order: ThemeChoice[] = ["system", "light", "dark"];

/** loadTheme reads the remembered choice ("system" when none or unreadable). */
export function loadTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

function systemDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

/** resolveTheme says which palette a choice shows now. */
export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  return choice === "system" ? (systemDark() ? "dark" : "light") : choice;
}

/** shownTheme is the palette on screen (the root's data-theme; "light" before any was applied). */
export function shownTheme(): "light" | "dark" {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** applyTheme sets the root's data-theme (which style.css's palettes key on) and tells listeners. */
export function applyTheme(choice: ThemeChoice): void {
  const shown = resolveTheme(choice);
  const root = document.documentElement;
  root.dataset.themeChoice = choice;
  if (root.dataset.theme === shown) return;
  root.dataset.theme = shown;
  window.dispatchEvent(new CustomEvent(THEME_EVENT, { detail: shown }));
}

/** nextTheme is the choice after c when cycling: system → light → dark → system. */
export function nextTheme(c: ThemeChoice): ThemeChoice {
  return order[(order.indexOf(c) + 1) % order.length];
}

/** themeLabel names a choice for people. */
export function themeLabel(c: ThemeChoice): string {
  return c === "system" ? "System" : c === "light" ? "Light" : "Dark";
}

// The choice is one per window: every useTheme (the app's, the settings
// dialog's) reads and sets the same one.
let current: ThemeChoice | null = null;
const listeners = new Set<() => void>();

function choice(): ThemeChoice {
  current ??= loadTheme();
  return current;
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** setThemeChoice remembers, applies and announces a choice. */
export function setThemeChoice(c: ThemeChoice): void {
  try {
    localStorage.setItem(THEME_KEY, c);
  } catch {
    // Private mode: the choice lasts for this window only.
  }
  current = c;
  applyTheme(c);
  listeners.forEach((fn) => fn());
}

/** resetThemeForTests forgets the choice read so far (tests change localStorage). */
export function resetThemeForTests(): void {
  current = null;
}

/** useTheme applies and remembers the theme; with "system" it follows the operating system's changes. */
export function useTheme(): { theme: ThemeChoice; setTheme(c: ThemeChoice): void; cycleTheme(): void } {
  const theme = useSyncExternalStore(subscribe, choice);
  useLayoutEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    if (theme !== "system" || typeof window.matchMedia !== "function") return;
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    const on = () => applyTheme("system");
    mq.addEventListener?.("change", on);
    return () => mq.removeEventListener?.("change", on);
  }, [theme]);
  const cycleTheme = useCallback(() => setThemeChoice(nextTheme(choice())), []);
  return { theme, setTheme: setThemeChoice, cycleTheme };
}
