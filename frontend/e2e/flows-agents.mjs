// e2e flow of the Agent activity view: a person allows agents to write
// (hiding a folder), a real MCP client (the official TypeScript SDK driving
// `secondbrain mcp` on the same data dir, sharing the bridge's embedded
// cluster) changes a note, and the person sees the change with its diff in
// the view and undoes it with one click. It runs on a bridge of its own
// with its own config folder, so that the settings it saves stay out of the
// user's config file.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { assert, eq, runCommand, shots, startBridge, test, watch } from "./harness.mjs";

const root = resolve(new URL("../..", import.meta.url).pathname);

/** agentBridge starts a bridge on a fresh data dir and config folder (see startBridge). */
function agentBridge() {
  return startBridge("secondbrain-e2e-agents-", (work) => ({
    XDG_CONFIG_HOME: join(work, "config"),
    SECONDBRAIN_DATA_DIR: join(work, "data"),
    SECONDBRAIN_POSTGRES_DSN: "", // empty is unset: the bridge's own embedded cluster
  }));
}

/** mcpClient builds the CLI and connects the official MCP TypeScript SDK to `secondbrain mcp` over stdio. */
async function mcpClient(bridge) {
  const sdk = join(root, "build/mcp-e2e/node_modules/@modelcontextprotocol/sdk/dist/esm/client");
  assert(existsSync(sdk), "the MCP TypeScript SDK is installed (build/scripts/install-deps.sh)");
  const { Client } = await import(pathToFileURL(join(sdk, "index.js")).href);
  const { StdioClientTransport } = await import(pathToFileURL(join(sdk, "stdio.js")).href);
  const bin = join(bridge.work, "secondbrain");
  execFileSync("go", ["build", "-o", bin, "."], { cwd: root, stdio: "inherit" });
  const client = new Client({ name: "e2e-assistant", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: bin, args: ["mcp"], env: bridge.env, stderr: "inherit" }));
  return client;
}

test(
  "agents: allow writes, an MCP client edits a note, the change shows with its diff and is undone",
  async ({ context }) => {
    const bridge = await agentBridge();
    const page = await context.newPage();
    const guard = watch(page);
    let client;
    try {
      await page.goto(bridge.url + "/");
      await page.evaluate(() => window.__e2e.connected);
      // A note of the person's, made in the app.
      await page.evaluate(() => window.go.app.NotesAPI.Create("Groceries", "", "- milk\n"));

      // Agents are read-only until the person allows writes; a folder is hidden.
      await runCommand(page, "Agent activity");
      let view = page.getByRole("dialog", { name: "Agent activity" });
      await view.waitFor();
      await view.getByText("No agent has changed a note yet.").waitFor();
      const snippet = await view.getByLabel("Client configuration").textContent();
      assert(JSON.parse(snippet).mcpServers.secondbrain.args[0] === "mcp", `client snippet: ${snippet}`);
      await view.getByLabel("Hidden folders (comma-separated)").fill("journal");
      await view.getByRole("checkbox").check();
      await view.getByRole("button", { name: "Save agent settings" }).click();
      await view.getByRole("status").filter({ hasText: "Saved" }).waitFor();
      await page.keyboard.press("Escape");
      await view.waitFor({ state: "detached" });

      // A real MCP client, sharing the bridge's embedded cluster, edits the note.
      client = await mcpClient(bridge);
      const read = await client.callTool({ name: "read_note", arguments: { title: "Groceries" } });
      assert(!read.isError, `read_note: ${JSON.stringify(read.content)}`);
      const edit = await client.callTool({
        name: "edit_note",
        arguments: { title: "Groceries", expected_version: read.structuredContent.version, patch: "@@ -1 +1,2 @@\n - milk\n+- coffee beans\n" },
      });
      assert(!edit.isError, `edit_note: ${JSON.stringify(edit.content)}`);
      const hidden = await client.callTool({ name: "create_note", arguments: { title: "Secret", folder: "journal" } });
      assert(hidden.isError, "agents cannot write into a hidden folder");

      // The person sees the change with its diff, and undoes it.
      await runCommand(page, "Agent activity");
      view = page.getByRole("dialog", { name: "Agent activity" });
      const item = view.getByRole("listitem", { name: "e2e-assistant edited Groceries.md" });
      await item.waitFor();
      const diff = await item.getByLabel(/^Diff of event/).textContent();
      assert(diff.includes("+- coffee beans"), `diff: ${diff}`);
      await page.screenshot({ path: `${shots}/agents-activity.png` });
      await item.getByRole("button", { name: /^Undo e2e-assistant's change to Groceries.md/ }).click();
      await view.getByRole("status").filter({ hasText: "Groceries.md is back as version 3" }).waitFor();
      const now = await client.callTool({ name: "read_note", arguments: { title: "Groceries" } });
      eq(now.structuredContent.markdown, "- milk\n", "the note after undo");
      eq(now.structuredContent.version, 3, "the version after undo");
      guard.seen.navigations = guard.seen.navigations.filter((u) => !u.startsWith(bridge.url));
      guard.check();
    } finally {
      await client?.close().catch(() => {});
      await page.close().catch(() => {});
      await bridge.stop();
    }
  },
  { timeout: 300_000 },
);
