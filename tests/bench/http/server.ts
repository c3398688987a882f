/**
 * The server under test: an instance of the production build started by tests/setup/app-server.ts
 * (`next start` run directly, on a free loopback port, its log in a file), with the per-user
 * submission limit off. Its resident memory is read from /proc for the process and every descendant.
 */
import fs from "node:fs";
import { processTree, startServer as startAppServer, type Server, type ServerEnv } from "../../setup/app-server";

export { killServer, nextServerPid, processTree, sleep, stopServer, tail, type Server, type ServerEnv } from "../../setup/app-server";

export function startServer(root: string, env: ServerEnv): Promise<Server> {
  // The benchmark measures the server, not the per-user limit (30 graded submissions a minute by default).
  return startAppServer(root, { ...env, env: { RATE_LIMIT_SUBMISSIONS_PER_MINUTE: "0", ...env.env } });
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

/** Samples the server tree's RSS every `everyMs` while running; the server can be swapped (restarts). */
export class RssSampler {
  readonly samplesKb: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  server: Server | null = null;

  start(everyMs = 250): void {
    this.timer = setInterval(() => {
      const pid = this.server?.child.pid;
      if (pid !== undefined && this.server!.child.exitCode === null) this.samplesKb.push(treeRssKb(pid));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
