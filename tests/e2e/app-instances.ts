/**
 * More instances of the app under test, for the browser tests that check what several instances
 * share: each one the same production build (tests/setup/app-server.ts says how it is started) on
 * its own free port, against the test's own database (E2E_DATABASE_URL, already migrated and seeded
 * by the main server), with the same session secret, silent logs and any settings a test gives.
 * `stop` ends them all; they are also killed if the test process exits without it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { killServer, processTree, startServer, stopServer, tail, type Server } from "../setup/app-server";
import { freePort } from "../setup/free-port";

export type Instances = { servers: Server[]; stop: () => Promise<void>; logs: () => string };

const running = new Set<Server>();
let exitHookInstalled = false;

/** At exit nothing can wait: SIGKILL every instance still running, each process by its own pid. */
function killAllNow(): void {
  for (const server of running) {
    for (const pid of server.child.pid === undefined ? [] : processTree(server.child.pid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

export async function startInstances(count: number, env: Record<string, string> = {}): Promise<Instances> {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  const secret = process.env.E2E_NEXTAUTH_SECRET;
  if (!databaseUrl || !secret) throw new Error("E2E_DATABASE_URL and E2E_NEXTAUTH_SECRET are not set (run the browser tests with npm run test:e2e)");
  if (!exitHookInstalled) {
    process.once("exit", killAllNow);
    exitHookInstalled = true;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chainrule-instances-"));
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const started = await Promise.allSettled(
    ports.map((port, i) =>
      startServer(process.cwd(), {
        databaseUrl,
        secret,
        port,
        logFile: path.join(dir, `instance-${i + 1}.log`),
        // One process each: the instances are the processes that share the database.
        workers: 1,
        env: { LOG_LEVEL: "silent", ...env },
      }).then((server) => {
        running.add(server);
        return server;
      }),
    ),
  );
  const servers = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async () => {
    await Promise.all(
      servers.map(async (server) => {
        await stopServer(server).catch(() => killServer(server));
        running.delete(server);
      }),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  const logs = () => servers.map((s, i) => `--- instance ${i + 1} (${s.origin}) ---\n${tail(s.logFile)}`).join("\n");
  return { servers, stop, logs };
}
