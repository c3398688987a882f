/**
 * The server under test: an instance of the production build started as `npm start` starts it
 * (tests/setup/app-server.ts: lib/ops/serve.mjs, one worker per core or `--workers`), on a free
 * loopback port with its log in a file, and the per-user submission limit off. Its resident memory is
 * read from /proc for every process of the server, and for the largest worker.
 */
import fs from "node:fs";
import { nextServerPids, processTree, startServer as startAppServer, type Server, type ServerEnv } from "../../setup/app-server";

export { killServer, nextServerPids, processTree, sleep, stopServer, tail, type Server, type ServerEnv } from "../../setup/app-server";

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

/**
 * Samples the server's RSS every `everyMs` while running (all of its processes, and the largest
 * worker); the server can be swapped (restarts).
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
