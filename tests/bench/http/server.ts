/**
 * The server under test, started as `npm start` starts it (lib/ops/serve.mjs: set-up, then one
 * `next start` worker per core, or WEB_CONCURRENCY) on a free loopback port, with its log in a file.
 * Its resident memory is read from /proc for the process and every descendant.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type Server = { child: ChildProcess; port: number; origin: string; logFile: string };

export type ServerEnv = { databaseUrl: string; secret: string; port: number; logFile: string; workers?: number | null };

export async function startServer(root: string, env: ServerEnv): Promise<Server> {
  const origin = `http://127.0.0.1:${env.port}`;
  const log = fs.openSync(env.logFile, "a");
  const child = spawn(process.execPath, [path.join(root, "lib/ops/serve.mjs")], {
    cwd: root,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      NEXTAUTH_SECRET: env.secret,
      NEXTAUTH_URL: origin,
      // The benchmark measures the server, not the per-user limit (30 graded submissions a minute by default).
      RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0",
      NEXT_TELEMETRY_DISABLED: "1",
      // The benchmark's database holds the demo course (its students take part).
      CHAINRULE_DEMO: "1",
      HOST: "127.0.0.1",
      PORT: String(env.port),
      ...(env.workers ? { WEB_CONCURRENCY: String(env.workers) } : {}),
    },
  });
  fs.closeSync(log);
  const server = { child, port: env.port, origin, logFile: env.logFile };
  await waitForHealth(server);
  return server;
}

async function waitForHealth(server: Server, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}) before it answered; its log:\n${tail(server.logFile)}`);
    }
    try {
      const r = await fetch(`${server.origin}/api/health`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s; its log:\n${tail(server.logFile)}`);
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process and all its descendants, from /proc (Linux). */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the command name, which may itself hold spaces or ")".
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** VmRSS of one process in kB, 0 once it has gone. */
function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function treeRssKb(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + rssKb(p), 0);
}

function isNextServer(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("next-server") || fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("next-server");
  } catch {
    return false; // exited
  }
}

/** The `next-server` processes of the tree (one per worker). */
export function nextServerPids(pid: number): number[] {
  return processTree(pid).filter(isNextServer);
}

/**
 * The pid that serves requests: Next names its server process "next-server"; when `next start`
 * runs it in a child, that child is the one to kill, else the process itself.
 */
export function nextServerPid(pid: number): number {
  return nextServerPids(pid)[0] ?? pid;
}

/** SIGKILL the serving process, then whatever is left of the tree, each by its own pid. */
export async function killServer(server: Server): Promise<number> {
  const target = nextServerPid(server.child.pid!);
  const tree = processTree(server.child.pid!);
  process.kill(target, "SIGKILL");
  for (const p of tree) {
    if (p === target) continue;
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (server.child.exitCode === null && server.child.signalCode === null) await new Promise((r) => server.child.once("exit", r));
  return target;
}

/** A normal stop (SIGTERM to the tree), with SIGKILL after a grace period. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const tree = processTree(server.child.pid!);
  for (const p of tree.reverse()) {
    try {
      process.kill(p, "SIGTERM");
    } catch {
      // already gone
    }
  }
  const exited = new Promise((r) => server.child.once("exit", r));
  if ((await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) === false) await killServer(server);
}

/**
 * Samples the server tree's RSS every `everyMs` while running (all of it, and the largest worker);
 * the server can be swapped (restarts).
 */
export class RssSampler {
  readonly samplesKb: number[] = [];
  readonly workerSamplesKb: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  server: Server | null = null;

  start(everyMs = 250): void {
    this.timer = setInterval(() => {
      const pid = this.server?.child.pid;
      if (pid === undefined || this.server!.child.exitCode !== null) return;
      this.samplesKb.push(treeRssKb(pid));
      this.workerSamplesKb.push(Math.max(0, ...nextServerPids(pid).map(rssKb)));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
