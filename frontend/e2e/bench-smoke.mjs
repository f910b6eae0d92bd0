// Runs only perf.mjs's measurements and smoke checks (what run.mjs does after
// the flows), for checking them without the flows:
// E2E_SCRIPT=frontend/e2e/bench-smoke.mjs build/scripts/e2e.sh
import { launch } from "./harness.mjs";
import { measure } from "./perf.mjs";

const browser = await launch();
try {
  console.log(JSON.stringify({ perf: await measure(browser) }, null, 2));
} finally {
  await browser.close();
}
