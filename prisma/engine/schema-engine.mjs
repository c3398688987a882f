#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary, for machines where that binary cannot be
// downloaded. The Prisma CLI spawns it exactly as it spawns the native engine (through
// PRISMA_SCHEMA_ENGINE_BINARY) and speaks the same JSON-RPC over stdio; each call is forwarded to the
// Wasm build of the same engine, which reaches SQLite through Prisma's better-sqlite3 driver adapter.
// Nothing in prisma/migrations depends on it: on a machine with the native engine, the CLI uses that.
//
// Protocol (as the CLI's client expects it): one JSON-RPC request per line on stdin, one response
// per line on stdout, logs as JSON lines on stderr. The engine may also send the CLI a `print`
// request (used by `migrate diff`), which the CLI acknowledges on our stdin.

import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// --- command line ----------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { datamodels: [], datasource: null, cli: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--datamodels") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
    else if (a === "--version" || a === "-V") args.version = true;
    else if (a === "cli") args.cli = argv[++i];
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));

function log(level, message, extra = {}) {
  process.stderr.write(JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target: "schema_engine::logger" }) + "\n");
}

if (args.version) {
  const { enginesVersion } = require("@prisma/engines-version");
  process.stdout.write(`schema-engine-wasm-shim ${enginesVersion}\n`);
  process.exit(0);
}

// --- SQLite location ---------------------------------------------------------------------------

function sqlitePath(url) {
  if (typeof url !== "string" || !url.startsWith("file:")) {
    throw new Error(`this schema-engine stand-in only handles SQLite "file:" URLs, got ${JSON.stringify(url)}`);
  }
  const p = url.slice("file:".length).replace(/\?.*$/, "");
  return path.resolve(process.cwd(), p);
}

function datasourceUrl() {
  const url = args.datasource?.url;
  if (!url) throw new Error("no datasource URL was given (set DATABASE_URL or the datasource in prisma.config.ts)");
  return url;
}

// --- the `cli` subcommands (used by `migrate dev` to create the database) -------------------------

if (args.cli) {
  // The CLI skips the first stderr line of these subcommands before it parses the rest as JSON.
  process.stderr.write("schema-engine-wasm-shim\n");
  try {
    const file = sqlitePath(datasourceUrl());
    switch (args.cli) {
      case "can-connect-to-database":
        if (!fs.existsSync(file)) {
          log("ERROR", `Database ${path.basename(file)} does not exist at ${file}`, { error_code: "P1003" });
          process.exit(1);
        }
        break;
      case "create-database":
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.closeSync(fs.openSync(file, "a"));
        break;
      case "drop-database":
        for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
        break;
      default:
        log("ERROR", `unknown cli subcommand ${args.cli}`);
        process.exit(1);
    }
    process.exit(0);
  } catch (e) {
    log("ERROR", String(e?.message ?? e));
    process.exit(1);
  }
}

// --- the Wasm engine -----------------------------------------------------------------------------

async function loadWasmEngine() {
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  // Prefer the module shipped with the CLI (same engine build as the CLI); the glue package's own
  // module is the same interface, so it serves when the CLI's is missing.
  const candidates = [
    path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm"),
    path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm"),
  ];
  let lastError;
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    try {
      const module = new WebAssembly.Module(fs.readFileSync(file));
      const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": glue });
      glue.__wbg_set_wasm(instance.exports);
      instance.exports.__wbindgen_start?.();
      return glue;
    } catch (e) {
      lastError = e;
    }
  }
  throw new Error(`could not load the Wasm schema engine: ${lastError?.message ?? "no module found"}`);
}

// better-sqlite3 prepares one statement at a time, but the engine replays whole migration files
// through `executeRaw` on the shadow database. Such scripts go to `executeScript` instead.
function acceptScripts(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (e) {
      const multi =
        /more than one statement/i.test(String(e?.cause?.message ?? e?.message ?? "")) || /more than one statement/i.test(JSON.stringify(e?.cause ?? {}));
      if (!multi || query.args.length > 0) throw e;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

function adapterFactory(url, shadowDatabaseUrl) {
  // The engine connects as soon as it starts, and SQLite creates a missing file but not a missing
  // folder (a fresh checkout has no data/ yet).
  for (const u of [url, shadowDatabaseUrl]) {
    if (u && u.startsWith("file:") && !u.includes(":memory:")) fs.mkdirSync(path.dirname(sqlitePath(u)), { recursive: true });
  }
  const { PrismaBetterSqlite3 } = require("@prisma/adapter-better-sqlite3");
  const factory = new PrismaBetterSqlite3({ url }, shadowDatabaseUrl ? { shadowDatabaseUrl } : undefined);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => acceptScripts(await factory.connect()),
    connectToShadowDb: async () => acceptScripts(await factory.connectToShadowDb()),
  };
}

// The table the native engine creates on first use; the Wasm engine expects to find it.
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function withDatabase(fn) {
  const Database = require("better-sqlite3");
  const file = sqlitePath(datasourceUrl());
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function ensureMigrationsTable() {
  withDatabase((db) => db.exec(MIGRATIONS_TABLE_DDL));
}

// Empties the database file in place (what the native engine does for SQLite on `reset`).
function resetDatabase() {
  withDatabase((db) => {
    db.pragma("foreign_keys = OFF");
    const objects = db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('view','trigger','table')").all();
    const order = { view: 0, trigger: 1, table: 2 };
    objects.sort((a, b) => order[a.type] - order[b.type]);
    for (const o of objects) db.exec(`DROP ${o.type.toUpperCase()} IF EXISTS "${o.name.replaceAll('"', '""')}"`);
    db.exec("VACUUM");
  });
}

// --- JSON-RPC ----------------------------------------------------------------------------------

const out = (msg) => process.stdout.write(JSON.stringify(msg) + "\n");

let nextOutgoingId = 1_000_000;
const pendingAcks = new Map();
function printToCli(content) {
  const id = nextOutgoingId++;
  return new Promise((resolve) => {
    pendingAcks.set(id, resolve);
    out({ jsonrpc: "2.0", id, method: "print", params: { content } });
  });
}

function toRpcError(e) {
  // The Wasm engine rejects with structured errors ({ code / error_code, message, meta, is_panic })
  // or plain Errors; both become the JSON-RPC error shape the CLI reads.
  const raw = e && typeof e === "object" ? e : { message: String(e) };
  let data = raw;
  if (typeof raw.message === "string") {
    try {
      const parsed = JSON.parse(raw.message);
      if (parsed && typeof parsed === "object") data = parsed;
    } catch {}
  }
  const message = data.message ?? raw.message ?? String(e);
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: Boolean(data.is_panic),
      message,
      error_code: data.error_code ?? data.code ?? undefined,
      meta: data.meta ?? undefined,
    },
  };
}

async function main() {
  const glue = await loadWasmEngine();
  const datamodels = args.datamodels.map((f) => [f, fs.readFileSync(f, "utf8")]);
  const url = args.datasource?.url;
  const adapter = url ? adapterFactory(url, args.datasource?.shadowDatabaseUrl) : adapterFactory("file::memory:");
  const engineLog = (line) => process.stderr.write((typeof line === "string" ? line.trimEnd() : JSON.stringify(line)) + "\n");
  const engine = await glue.SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    engineLog,
    require("@prisma/driver-adapter-utils").bindMigrationAwareSqlAdapterFactory(adapter),
  );

  const needsMigrationsTable = new Set(["applyMigrations", "devDiagnostic", "diagnoseMigrationHistory", "markMigrationApplied", "markMigrationRolledBack"]);

  async function call(method, params) {
    if (needsMigrationsTable.has(method)) ensureMigrationsTable();
    switch (method) {
      case "getDatabaseVersion":
        return engine.version(params ?? null);
      case "createDatabase": {
        const file = sqlitePath(params?.datasource?.url ?? datasourceUrl());
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.closeSync(fs.openSync(file, "a"));
        return { databaseName: path.basename(file) };
      }
      case "reset":
        resetDatabase();
        return null;
      case "diff": {
        const result = await engine.diff(params);
        if (result.stdout) await printToCli(result.stdout.replace(/\n$/, ""));
        return { exitCode: result.exitCode };
      }
      case "ensureConnectionValidity":
      case "applyMigrations":
      case "createMigration":
      case "dbExecute":
      case "devDiagnostic":
      case "diagnoseMigrationHistory":
      case "evaluateDataLoss":
      case "introspect":
      case "introspectSql":
      case "markMigrationApplied":
      case "markMigrationRolledBack":
      case "schemaPush": {
        const result = await engine[method](params);
        return result === undefined ? null : result;
      }
      default:
        throw { message: `the Wasm schema engine stand-in does not implement "${method}"` };
    }
  }

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const inFlight = new Set();
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      log("ERROR", `could not parse request: ${line.slice(0, 200)}`);
      return;
    }
    if (msg.method === undefined && pendingAcks.has(msg.id)) {
      pendingAcks.get(msg.id)();
      pendingAcks.delete(msg.id);
      return;
    }
    const job = call(msg.method, msg.params)
      .then((result) => out({ jsonrpc: "2.0", id: msg.id, result }))
      .catch((e) => out({ jsonrpc: "2.0", id: msg.id, error: toRpcError(e) }))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  });
  rl.on("close", async () => {
    await Promise.allSettled([...inFlight]);
    process.exit(0);
  });
}

main().catch((e) => {
  log("ERROR", String(e?.message ?? e));
  process.exit(1);
});
