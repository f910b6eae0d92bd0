import { useEffect, useRef } from "react";

/** NAV_LIMIT is how many notes back (or forward) a pane remembers. */
export const NAV_LIMIT = 100;

/** Nav is one pane's history: the note shown, the notes before it (newest last) and the ones gone back from. */
export interface Nav {
  noteId: string;
  back: string[];
  fwd: string[];
}

/** navStart is a history that has only noteId. */
export function navStart(noteId: string): Nav {
  return { noteId, back: [], fwd: [] };
}

/** navVisit shows noteId after nav's note: the forward list is dropped, as in a browser. */
export function navVisit(nav: Nav, noteId: string): Nav {
  if (nav.noteId === noteId) return nav;
  const back = nav.noteId ? [...nav.back, nav.noteId].slice(-NAV_LIMIT) : nav.back;
  return { noteId, back, fwd: [] };
}

/** navBack goes to the previous note; nav itself when there is none. */
export function navBack(nav: Nav): Nav {
  if (nav.back.length === 0) return nav;
  const noteId = nav.back[nav.back.length - 1];
  return { noteId, back: nav.back.slice(0, -1), fwd: [nav.noteId, ...nav.fwd].slice(0, NAV_LIMIT) };
}

/** navForward goes to the note gone back from; nav itself when there is none. */
export function navForward(nav: Nav): Nav {
  if (nav.fwd.length === 0) return nav;
  const [noteId, ...fwd] = nav.fwd;
  return { noteId, back: [...nav.back, nav.noteId].slice(-NAV_LIMIT), fwd };
}

/** navForget drops a note that is gone (deleted, trashed) from the lists. */
export function navForget(nav: Nav, noteId: string): Nav {
  if (!nav.back.includes(noteId) && !nav.fwd.includes(noteId)) return nav;
  // Dropping a note can leave the same note twice in a row: keep one.
  const keep = (ids: string[]) => ids.filter((id) => id !== noteId).filter((id, i, kept) => id !== kept[i - 1]);
  return { noteId: nav.noteId, back: keep(nav.back), fwd: keep(nav.fwd) };
}

/**
 * useNavHistory binds back and forward to the keyboard and the mouse:
 * Alt+← and Alt+→ (Cmd+[ and Cmd+] too), and the mouse's back and forward
 * buttons (buttons 3 and 4), which must not reach the webview's own history.
 */
export function useNavHistory(onBack: () => void, onForward: () => void): void {
  const cb = useRef({ onBack, onForward });
  cb.current = { onBack, onForward };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const back = (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.key === "ArrowLeft") || (e.metaKey && e.key === "[");
      const fwd = (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.key === "ArrowRight") || (e.metaKey && e.key === "]");
      if (!back && !fwd) return;
      e.preventDefault();
      if (back) cb.current.onBack();
      else cb.current.onForward();
    };
    // mouseup does the move; mousedown and auxclick of those buttons are swallowed so the page never navigates.
    const swallow = (e: MouseEvent) => {
      if (e.button === 3 || e.button === 4) e.preventDefault();
    };
    const onUp = (e: MouseEvent) => {
      if (e.button !== 3 && e.button !== 4) return;
      e.preventDefault();
      if (e.button === 3) cb.current.onBack();
      else cb.current.onForward();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("mousedown", swallow);
    window.addEventListener("auxclick", swallow);
    window.addEventListener("mouseup", onUp);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("mousedown", swallow);
      window.removeEventListener("auxclick", swallow);
      window.removeEventListener("mouseup", onUp);
    };
  }, []);
}
