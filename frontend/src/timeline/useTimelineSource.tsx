import { createContext, useContext, type ReactNode } from "react";
import { timelineSource } from "../api/timeline";
import type { TimelineSource } from "./source";

const SourceContext = createContext<TimelineSource>(timelineSource);

/** TimelineSourceProvider gives the views under it another TimelineSource (tests pass a fake). */
export function TimelineSourceProvider({ source, children }: { source: TimelineSource; children: ReactNode }) {
  return <SourceContext.Provider value={source}>{children}</SourceContext.Provider>;
}

/** useTimelineSource returns the TimelineSource the timeline views read through: the app's (api/timeline.ts) unless a provider gives another. */
export function useTimelineSource(): TimelineSource {
  return useContext(SourceContext);
}
