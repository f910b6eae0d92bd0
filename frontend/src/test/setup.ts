import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Unmount what each test rendered; Testing Library only does this itself with vitest globals.
afterEach(() => cleanup());

// findBy… and waitFor give a render 5 s rather than 1 s: on a loaded machine
// (CI shares two cores) a view that draws a year of cells takes over a second.
configure({ asyncUtilTimeout: 5000 });
