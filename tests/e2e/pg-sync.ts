/**
 * Plain SQL on the end-to-end test's PostgreSQL database, synchronously, like better-sqlite3 on the
 * SQLite one: a worker thread holds the pg connection and the test's thread waits for each answer
 * (Atomics.wait), so the fixtures in db.ts keep one synchronous shape for both databases.
 *
 * The fixtures' SQL is written once, SQLite's way: `?` parameters and the schema's names unquoted.
 * For PostgreSQL each `?` becomes `$n` and every table and column name of the schema is quoted (it
 * folds unquoted names to lower case), and so is every alias after AS. Values come back as SQLite gives them: counts as numbers, Json
 * as its text, times as ISO strings.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

export type Row = Record<string, unknown>;

const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const pg = require(workerData.pg);
const asText = (v) => v;
const types = {
  getTypeParser(oid, format) {
    if (oid === 20) return (v) => Number(v); // bigint (COUNT(*))
    if (oid === 114 || oid === 3802) return asText; // json, jsonb
    if (oid === 1114) return (v) => new Date(v.replace(" ", "T") + "Z").toISOString(); // timestamp (UTC)
    return pg.types.getTypeParser(oid, format);
  },
};
const client = new pg.Client({ connectionString: workerData.url });
const ready = client.connect();
parentPort.on("message", async ({ sql, params, flag, port }) => {
  let reply;
  try {
    await ready;
    const r = await client.query({ text: sql, values: params, types });
    reply = { rows: r.rows, rowCount: r.rowCount ?? 0 };
  } catch (e) {
    reply = { error: String(e && e.message ? e.message : e) + " in: " + sql };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

let names: Set<string> | undefined;
/** Every model and field name in the schema: what PostgreSQL needs quoted. */
function schemaNames(): Set<string> {
  if (names) return names;
  const text = fs.readFileSync(path.join(process.cwd(), "prisma/schema.prisma"), "utf8");
  names = new Set<string>();
  let inModel = false;
  for (const line of text.split("\n")) {
    const model = /^model (\w+) \{/.exec(line);
    if (model) {
      names.add(model[1]!);
      inModel = true;
    } else if (/^\}/.test(line)) inModel = false;
    else if (inModel) {
      const field = /^\s+(\w+)\s+\w/.exec(line);
      if (field && !line.trim().startsWith("//") && !line.trim().startsWith("@@")) names.add(field[1]!);
    }
  }
  return names;
}

/** SQLite-style SQL as PostgreSQL reads it (string literals are left alone). */
export function toPostgresSql(sql: string): string {
  const known = schemaNames();
  let n = 0;
  let afterAs = false;
  return sql.replace(/'(?:[^']|'')*'|"[^"]*"|\?|\b[A-Za-z_]\w*\b/g, (token) => {
    const alias = afterAs; // a column alias keeps its case too (versionId, not versionid)
    afterAs = /^as$/i.test(token);
    if (token === "?") return `$${++n}`;
    if (known.has(token) || (alias && /^[A-Za-z_]/.test(token))) return `"${token}"`;
    return token;
  });
}

export class PostgresSync {
  private worker: Worker;

  constructor(url: string) {
    const require = createRequire(path.join(process.cwd(), "package.json"));
    this.worker = new Worker(WORKER, { eval: true, workerData: { url, pg: require.resolve("pg") } });
    this.worker.unref();
  }

  query(sql: string, params: unknown[]): { rows: Row[]; rowCount: number } {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    this.worker.postMessage({ sql: toPostgresSql(sql), params, flag, port: port2 }, [port2]);
    Atomics.wait(flag, 0, 0);
    const reply = receiveMessageOnPort(port1)?.message as { rows: Row[]; rowCount: number; error?: string } | undefined;
    port1.close();
    if (!reply) throw new Error("no answer from the PostgreSQL worker");
    if (reply.error) throw new Error(reply.error);
    return reply;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
