/**
 * An instance of the production build, started for a test or a benchmark as `npm start` starts it
 * (lib/ops/serve.mjs: set-up, then `WEB_CONCURRENCY` `next start` workers under a cluster primary) on
 * a loopback port, with its output in a log file. `appServerCommand` is the one place that says how
 * an instance is started. Stopping and killing go to the process and each of its descendants by pid
 * (found in /proc, Linux).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export type Server = { child: ChildProcess; port: number; origin: string; logFile: string };

export type ServerEnv = {
  databaseUrl: string;
  secret: string;
  port: number;
  logFile: string;
  /** Server processes (WEB_CONCURRENCY); unset: npm start's default, one per core. */
  workers?: number | null;
  /** More environment for this instance (limits, LOG_LEVEL, …), over the defaults below. */
  env?: Record<string, string>;
};

/** The command that serves the production build in `root` (`npm start`'s own entry): [executable, ...arguments]. */
export function appServerCommand(root: string): [string, ...string[]] {
  return [process.execPath, path.join(root, "lib/ops/serve.mjs")];
}

/** Starts an instance and waits until its /api/health answers 200 (throws with the log's tail if it exits or never does). */
export async function startServer(root: string, env: ServerEnv): Promise<Server> {
  const origin = `http://127.0.0.1:${env.port}`;
  const log = fs.openSync(env.logFile, "a");
  const [command, ...args] = appServerCommand(root);
  const child = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      NEXTAUTH_SECRET: env.secret,
      NEXTAUTH_URL: origin,
      NEXT_TELEMETRY_DISABLED: "1",
      // The tests' and the benchmark's databases hold the demo course (its accounts take part).
      CHAINRULE_DEMO: "1",
      HOST: "127.0.0.1",
      PORT: String(env.port),
      ...(env.workers ? { WEB_CONCURRENCY: String(env.workers) } : {}),
      ...env.env,
    },
  });
  fs.closeSync(log);
  const server = { child, port: env.port, origin, logFile: env.logFile };
  try {
    await waitForHealth(server);
  } catch (e) {
    await stopServer(server);
    throw e;
  }
  return server;
}

async function waitForHealth(server: Server, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(server)) {
      throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}) before it answered; its log:\n${tail(server.logFile)}`);
    }
    try {
      const r = await fetch(`${server.origin}/api/health`);
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the server did not answer /api/health within ${timeoutMs / 1000} s; its log:\n${tail(server.logFile)}`);
}

const exited = (server: Server) => server.child.exitCode !== null || server.child.signalCode !== null;

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

function isNextServer(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("next-server") || fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("next-server");
  } catch {
    return false; // exited
  }
}

/** The `next-server` processes of the tree: one per worker. */
export function nextServerPids(pid: number): number[] {
  return processTree(pid).filter(isNextServer);
}

/** A pid that serves requests (Next names its server process "next-server"), else the process itself. */
export function nextServerPid(pid: number): number {
  return nextServerPids(pid)[0] ?? pid;
}

/** SIGKILL the serving process, then whatever is left of the tree, each by its own pid. */
export async function killServer(server: Server): Promise<number> {
  const target = nextServerPid(server.child.pid!);
  const tree = processTree(server.child.pid!);
  try {
    process.kill(target, "SIGKILL");
  } catch {
    // already gone
  }
  for (const p of tree) {
    if (p === target) continue;
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (!exited(server)) await new Promise((r) => server.child.once("exit", r));
  return target;
}

/** A normal stop (SIGTERM to the tree), with SIGKILL after a grace period. */
export async function stopServer(server: Server): Promise<void> {
  if (exited(server)) return;
  const tree = processTree(server.child.pid!);
  for (const p of tree.reverse()) {
    try {
      process.kill(p, "SIGTERM");
    } catch {
      // already gone
    }
  }
  const done = new Promise((r) => server.child.once("exit", r));
  if ((await Promise.race([done.then(() => true), sleep(5000).then(() => false)])) === false) await killServer(server);
}
