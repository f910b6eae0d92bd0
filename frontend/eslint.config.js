// ESLint (flat config): the recommended JavaScript and TypeScript rules and
// the React hooks rules, over the app's sources, its tests and the e2e
// scripts. Run with `npm run lint` (part of `make test`).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "wailsjs/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    rules: {
      // A leading underscore names what is left unused on purpose (a
      // destructured field dropped, an interface's parameter not needed).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      // Never weakened: a hook called conditionally breaks React's state.
      "react-hooks/rules-of-hooks": "error",
      // The React Compiler's rules (v7 recommended) flag patterns this code
      // uses on purpose and that a compiler-free React runs correctly: a ref
      // mirroring the latest props for callbacks and reset-on-prop effects.
      // Rewriting them is a behaviour risk of its own; warnings for now.
      "react-hooks/refs": "warn",
      "react-hooks/set-state-in-effect": "warn",
    },
  },
  {
    // The e2e scripts run in Node and hand callbacks to the page (browser).
    files: ["e2e/**/*.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ["vite.config.ts"],
    languageOptions: { globals: globals.node },
  },
);
