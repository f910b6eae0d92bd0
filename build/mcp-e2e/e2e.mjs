// End-to-end test of `secondbrain mcp` with a client nobody here wrote:
// the official MCP TypeScript SDK. It builds the binary (or uses
// SECONDBRAIN_BIN), gives it a fresh data dir and config folder, and drives
// it over stdio and over streamable HTTP with the right, a wrong and no
// bearer token. Exits non-zero on the first failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tmp = mkdtempSync(join(tmpdir(), "sb-mcp-e2e-"));
const dataDir = join(tmp, "data");
const configHome = join(tmp, "config");
const configFile = join(configHome, "secondbrain", "config.json");
mkdirSync(dirname(configFile), { recursive: true });
writeFileSync(configFile, JSON.stringify({ agents: { private_folders: ["private"], private_tags: ["secret"], allow_writes: true } }), { mode: 0o600 });

let bin = process.env.SECONDBRAIN_BIN;
if (!bin) {
  bin = join(tmp, "secondbrain");
  execFileSync("go", ["build", "-o", bin, "."], { cwd: repo, stdio: "inherit" });
}
const env = { ...process.env, XDG_CONFIG_HOME: configHome, SECONDBRAIN_DATA_DIR: dataDir, SECONDBRAIN_PG_IDLE: "0" };
delete env.SECONDBRAIN_POSTGRES_DSN;

function cli(...args) {
  return JSON.parse(execFileSync(bin, [...args, "--json"], { env, encoding: "utf8" }));
}

const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  await fn();
  results.push(name);
  console.log(`ok   ${name} (${Date.now() - t0} ms)`);
}

function structured(res) {
  assert.equal(res.isError, undefined, JSON.stringify(res.content));
  assert.ok(res.content.length > 0 && res.content[0].type === "text", "readable text content");
  return res.structuredContent;
}

// A private note, written by the user through the CLI.
cli("note", "new", "--title", "Diary", "--folder", "private", "--body-file", writeTmp("diary.md", "Secret confessions about [[Coffee]].\n"));

function writeTmp(name, text) {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

async function exercise(client, label) {
  const tools = await client.listTools();
  const names = tools.tools.map((t) => t.name).sort();
  for (const want of ["search", "read_note", "edit_note", "graph_path", "list_notes", "create_note"]) {
    assert.ok(names.includes(want), `${label}: tool ${want} listed`);
  }
  const title = `Coffee ${label}`;
  const created = structured(await client.callTool({ name: "create_note", arguments: { title, body: "# Coffee\n\nPour-over every morning.\n" } }));
  assert.equal(created.version, 1);
  assert.ok(created.event > 0);

  const found = structured(await client.callTool({ name: "search", arguments: { query: "pour-over", mode: "lexical" } }));
  const hit = found.hits.find((h) => h.title === title);
  assert.ok(hit, `${label}: search finds the new note: ${JSON.stringify(found)}`);
  assert.deepEqual([hit.citation.line_start, hit.citation.line_end, hit.citation.version], [3, 3, 1]);

  const note = structured(await client.callTool({ name: "read_note", arguments: { id: created.id } }));
  assert.equal(note.markdown, "# Coffee\n\nPour-over every morning.\n");

  const stale = await client.callTool({ name: "edit_note", arguments: { id: created.id, expected_version: 7, body: "x" } });
  assert.equal(stale.isError, true);
  assert.match(stale.content[0].text, /^conflict:/);

  const patch = `@@ -3 +3 @@\n-Pour-over every morning.\n+Pour-over, 15 g to 250 ml.\n`;
  const edited = structured(await client.callTool({ name: "edit_note", arguments: { id: created.id, expected_version: 1, patch } }));
  assert.equal(edited.version, 2);

  const priv = await client.callTool({ name: "read_note", arguments: { path: "private/Diary.md" } });
  assert.equal(priv.isError, true, "the private note is not readable");
  const all = structured(await client.callTool({ name: "list_notes", arguments: { limit: 500 } }));
  assert.ok(!JSON.stringify(all).includes("Diary"), "list_notes hides the private note");

  const wrong = await client.callTool({ name: "search", arguments: { query: "x", limit: "many" } });
  assert.equal(wrong.isError, true, "wrong argument types are an error result");
  await assert.rejects(client.callTool({ name: "no_such_tool", arguments: {} }), "unknown tool");
  const huge = await client.callTool({ name: "append_to_note", arguments: { id: created.id, text: "x".repeat(1.5 * 1024 * 1024) } });
  assert.equal(huge.isError, true, "arguments over 1 MB are an error result");
  assert.match(huge.content[0].text, /limit is 1048576/);

  const res = await client.readResource({ uri: `note://${created.id}` });
  assert.match(res.contents[0].text, /15 g to 250 ml/);
  const prompt = await client.getPrompt({ name: "summarise_notes", arguments: { topic: "coffee" } });
  assert.match(prompt.messages[0].content.text, /cite/);
  return edited;
}

async function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

try {
  await step("stdio: tools, resources, prompts, conflicts, privacy", async () => {
    const transport = new StdioClientTransport({ command: bin, args: ["mcp"], env, stderr: "inherit" });
    const client = new Client({ name: "ts-e2e", version: "1.0.0" });
    await client.connect(transport);
    const edited = await exercise(client, "stdio");
    await client.close();
    // The audit log names the client and holds the write; undo reverses it.
    const log = cli("mcp", "log");
    const write = log.events.find((e) => e.event === edited.event);
    assert.ok(write, `mcp log lists the edit: ${JSON.stringify(log)}`);
    assert.equal(write.agent, "ts-e2e");
    assert.match(write.diff, /\+Pour-over, 15 g to 250 ml\./);
    const calls = cli("mcp", "log", "--calls").events.filter((e) => e.call);
    assert.ok(calls.some((e) => e.call.tool === "search" && e.agent === "ts-e2e"), "tool calls are logged");
    const undone = cli("mcp", "undo", String(edited.event));
    assert.equal(undone.version, 3);
  });

  await step("http: bearer token required", async () => {
    const port = await freePort();
    const server = spawn(bin, ["mcp", "--http", `127.0.0.1:${port}`], { env, stdio: ["ignore", "inherit", "pipe"] });
    try {
      await new Promise((ok, fail) => {
        let err = "";
        server.stderr.on("data", (d) => {
          err += d;
          process.stderr.write(d);
          if (err.includes("serving http://")) ok();
        });
        server.on("exit", (code) => fail(new Error(`server exited ${code}: ${err}`)));
      });
      const mode = statSync(configFile).mode & 0o777;
      assert.equal(mode, 0o600, "the config file holding the token is 0600");
      const token = JSON.parse(readFileSync(configFile, "utf8")).agents.http_token;
      assert.match(token, /^[0-9a-f]{64}$/);
      const url = new URL(`http://127.0.0.1:${port}/`);

      for (const [what, headers] of [["no token", {}], ["a wrong token", { Authorization: "Bearer " + "0".repeat(64) }]]) {
        const c = new Client({ name: "intruder", version: "1" });
        await assert.rejects(c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } })), /401|Unauthorized|token/i, `${what} is refused`);
      }
      const client = new Client({ name: "ts-e2e-http", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
      await exercise(client, "http");
      await client.close();
    } finally {
      server.kill("SIGTERM");
      await new Promise((ok) => (server.exitCode !== null ? ok() : server.on("exit", ok)));
    }
  });
  console.log(`mcp e2e: ${results.length} passed`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
