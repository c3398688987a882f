#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary, for machines where that binary cannot be
// downloaded. The Prisma CLI spawns it exactly as it spawns the native engine (through
// PRISMA_SCHEMA_ENGINE_BINARY) and speaks the same JSON-RPC over stdio; each call is forwarded to the
// Wasm build of the same engine, which reaches the database through Prisma's driver adapters:
// better-sqlite3 for a `file:` URL, pg for a `postgres://` / `postgresql://` one.
// Nothing in the migrations folders depends on it: on a machine with the native engine, the CLI uses that.
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
  const fail = (e) => {
    log("ERROR", String(e?.message ?? e), e?.errorCode ? { error_code: e.errorCode } : {});
    process.exit(1);
  };
  const url = (() => {
    try {
      return datasourceUrl();
    } catch (e) {
      return fail(e);
    }
  })();
  if (isPostgres(url)) {
    postgresCli(args.cli, url).then(() => process.exit(0), fail);
  } else {
    try {
      sqliteCli(args.cli, sqlitePath(url));
      process.exit(0);
    } catch (e) {
      fail(e);
    }
  }
}

function sqliteCli(command, file) {
  switch (command) {
    case "can-connect-to-database":
      if (!fs.existsSync(file)) throw Object.assign(new Error(`Database ${path.basename(file)} does not exist at ${file}`), { errorCode: "P1003" });
      break;
    case "create-database":
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.closeSync(fs.openSync(file, "a"));
      break;
    case "drop-database":
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
      break;
    default:
      throw new Error(`unknown cli subcommand ${command}`);
  }
}

async function postgresCli(command, url) {
  const name = postgresConfig(url).database;
  switch (command) {
    case "can-connect-to-database":
      if (!(await postgresDatabaseExists(url))) throw Object.assign(new Error(`Database ${name} does not exist`), { errorCode: "P1003" });
      break;
    case "create-database":
      await createPostgresDatabase(url);
      break;
    case "drop-database":
      await withPostgres(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`), "postgres");
      break;
    default:
      throw new Error(`unknown cli subcommand ${command}`);
  }
}

// --- PostgreSQL ------------------------------------------------------------------------------------

function isPostgres(url) {
  return typeof url === "string" && /^postgres(ql)?:\/\//i.test(url);
}

function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

// A connection string's parts as pg's config object. pg lets a connection string win over an explicit
// `database`, so anything that connects to another database on the same server starts from this.
function postgresConfig(url, database) {
  const u = new URL(url);
  const config = {
    host: u.searchParams.get("host") ?? decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: database ?? decodeURIComponent(u.pathname.replace(/^\//, "")),
  };
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode && sslmode !== "disable") config.ssl = sslmode === "no-verify" ? { rejectUnauthorized: false } : true;
  return config;
}

async function withPostgres(url, fn, database) {
  const { Client } = require("pg");
  const client = new Client(postgresConfig(url, database));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function postgresDatabaseExists(url) {
  const name = postgresConfig(url).database;
  const rows = await withPostgres(url, (c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]), "postgres");
  return rows.rowCount > 0;
}

async function createPostgresDatabase(url) {
  const name = postgresConfig(url).database;
  if (!(await postgresDatabaseExists(url))) await withPostgres(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`), "postgres");
  return name;
}

// adapter-pg 7.10 has no column type for PostgreSQL's one-byte "char" (OID 18), which the engine's
// catalog queries read (e.g. pg_constraint.contype); it is text, so it is reported as text (OID 25).
function readCharAsText(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (isolationLevel) => readCharAsText(await startTransaction(isolationLevel));
  }
  return queryable;
}

function postgresAdapterFactory(url) {
  const { PrismaPg } = require("@prisma/adapter-pg");
  const factory = new PrismaPg(postgresConfig(url));
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => readCharAsText(await factory.connect()),
    // adapter-pg's own connectToShadowDb keeps the connection string's database (pg lets it win), so
    // the "shadow" would be the real database. A throwaway database on the same server instead.
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
      await withPostgres(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`), "postgres");
      const shadow = readCharAsText(await new PrismaPg(postgresConfig(url, name)).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await withPostgres(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`), "postgres");
      };
      return shadow;
    },
  };
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
  if (isPostgres(url)) return postgresAdapterFactory(url);
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

// PostgreSQL's flavour of the same table, as the native engine creates it.
const POSTGRES_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
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

async function ensureMigrationsTable() {
  const url = datasourceUrl();
  if (isPostgres(url)) await withPostgres(url, (c) => c.query(POSTGRES_MIGRATIONS_TABLE_DDL));
  else withDatabase((db) => db.exec(MIGRATIONS_TABLE_DDL));
}

// Empties the database in place (what the native engine does on `reset`).
async function resetDatabase() {
  const url = datasourceUrl();
  if (isPostgres(url)) {
    await withPostgres(url, (c) => c.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"));
    return;
  }
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
    if (needsMigrationsTable.has(method)) await ensureMigrationsTable();
    switch (method) {
      case "getDatabaseVersion":
        return engine.version(params ?? null);
      case "createDatabase": {
        const target = params?.datasource?.url ?? datasourceUrl();
        if (isPostgres(target)) return { databaseName: await createPostgresDatabase(target) };
        const file = sqlitePath(params?.datasource?.url ?? datasourceUrl());
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.closeSync(fs.openSync(file, "a"));
        return { databaseName: path.basename(file) };
      }
      case "reset":
        await resetDatabase();
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

// The `cli` subcommands above run on their own and exit.
if (!args.cli) {
  main().catch((e) => {
    log("ERROR", String(e?.message ?? e));
    process.exit(1);
  });
}
