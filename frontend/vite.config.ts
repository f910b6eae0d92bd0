/// <reference types="vitest/config" />
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// keepDistPlaceholder recreates dist/.keep after every build: emptyOutDir
// wipes it, but the Go side embeds frontend/dist and needs the folder to
// exist (and the file is tracked in git) even before the first build.
function keepDistPlaceholder(): Plugin {
  return {
    name: "secondbrain:keep-dist-placeholder",
    apply: "build",
    closeBundle() {
      writeFileSync(resolve(import.meta.dirname, "dist/.keep"), "");
    },
  };
}

export default defineConfig({
  plugins: [react(), keepDistPlaceholder()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // CodeMirror's Markdown mode brings HTML, CSS and JS modes along; the
    // bundle is loaded from disk by the webview, so one ~750 kB chunk is fine.
    chunkSizeWarningLimit: 2048, // sigma.js and graphology add ~400 kB
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
  },
});
