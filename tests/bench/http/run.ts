/**
 * `npm run bench:http`: load on the real HTTP paths of the production build. Builds if needed, starts
 * its own `next start` on a fresh database (SQLite, or PostgreSQL with --db postgres), signs in N
 * students, and at each connection count drives `GET /api/health`, the student dashboard and graded
 * submissions through the problem page's submit server action with autocannon, and the same action
 * refused at its first line (the floor: what the framework costs per action). Then the crash trial:
 * three times, SIGKILL the server under submit load and compare what it acknowledged with what the
 * database kept. Per-user submission limits are off for the run (RATE_LIMIT_SUBMISSIONS_PER_MINUTE=0).
 * Flags: see flags.ts (`--help`). With --json, stdout is one JSON object (report.ts) and nothing else.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import type { Request } from "autocannon";
import { parseFlags, USAGE, UsageError, type BenchOptions } from "./flags";
import { runLoad } from "./load";
import { buildReport, cellOf, formatTable, parseSubmitAnswer, peakRssMb, ROUTES, type Cell, type CrashTrial, type LoadRun, type Route } from "./report";
import { freePort } from "../../setup/free-port";
import { killServer, nextServerPids, RssSampler, sleep, startServer, stopServer, type Server } from "./server";
import { createStore, POSTGRES_UNAVAILABLE, postgresSupported, type BenchStore } from "./store";
import type { Workload } from "./students";

const CRASH_TRIALS = 3;
const CRASH_CONNECTIONS = 16;

const progress = (message: string) => process.stderr.write(`[bench:http] ${message}\n`);

type Session = {
  root: string;
  options: BenchOptions;
  store: BenchStore;
  secret: string;
  workload: Workload;
  actionId: string;
  sampler: RssSampler;
  server: Server | null;
};

async function launch(s: Session, label: string): Promise<Server> {
  const port = await freePort();
  progress(`starting the server as npm start does on 127.0.0.1:${port} (${label})`);
  const server = await startServer(s.root, {
    databaseUrl: s.store.url,
    secret: s.secret,
    port,
    logFile: path.join(s.store.dir, "server.log"),
    workers: s.options.workers,
  });
  s.server = server;
  s.sampler.server = server;
  return server;
}

/** Round-robin over the students: each request takes the next one's cookie (and body). */
function cycling(workload: Workload, fill: (req: Request, student: Workload["students"][number]) => Request): Request["setupRequest"] {
  let next = 0;
  return (req) => fill(req, workload.students[next++ % workload.students.length]!);
}

function submitRequest(s: Session, server: Server, onGraded?: (submissionId: string) => void): Request {
  return {
    method: "POST",
    path: s.workload.pagePath,
    headers: { "next-action": s.actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: server.origin },
    setupRequest: cycling(s.workload, (req, student) => ({ ...req, headers: { ...req.headers, cookie: student.cookie }, body: student.body })),
    ...(onGraded
      ? {
          onResponse: (status: number, body: string) => {
            if (status !== 200) return;
            const answer = parseSubmitAnswer(body);
            if (answer.graded) onGraded(answer.submissionId);
          },
        }
      : {}),
  };
}

const notGraded = (_status: number, body: string) => !parseSubmitAnswer(body).graded;

/** The submit action's input that fails validation at its first line: nothing is loaded, graded or stored. */
const FLOOR_INPUT = [{ assignmentId: 0 }];

/** The submit request with input the action refuses at once; anything but that refusal counts as an error. */
function floorRequest(s: Session, server: Server, body: string): Request {
  const submit = submitRequest(s, server);
  return { ...submit, setupRequest: cycling(s.workload, (req, student) => ({ ...req, headers: { ...req.headers, cookie: student.cookie }, body })) };
}

const notRefusedAsBadInput = (_status: number, body: string) => {
  const answer = parseSubmitAnswer(body);
  return answer.graded || answer.reason !== "bad-answers";
};

/**
 * Waits until the stored count stops moving for a second (requests the load tool stopped waiting for
 * still commit on the server), at most 15 s.
 */
async function settledCount(s: Session): Promise<number> {
  let last = await s.store.countSubmissions(s.workload.assignmentId);
  let still = 0;
  for (let i = 0; i < 60 && still < 4; i++) {
    await sleep(250);
    const now = await s.store.countSubmissions(s.workload.assignmentId);
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

/** One submit through the real path before the load: a wrong body or a refused session stops the run here, with the reason. */
async function checkSubmit(s: Session, server: Server): Promise<void> {
  const student = s.workload.students[0]!;
  const r = await fetch(`${server.origin}${s.workload.pagePath}`, {
    method: "POST",
    headers: {
      "next-action": s.actionId,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: server.origin,
      cookie: student.cookie,
    },
    body: student.body,
  });
  const body = await r.text();
  const answer = parseSubmitAnswer(body);
  if (r.status !== 200 || !answer.graded) {
    throw new Error(`a test submission as ${student.email} was not graded (HTTP ${r.status}, ${answer.graded ? "" : answer.reason}): ${body.slice(0, 300)}`);
  }
}

/** Longest a crash trial runs before it kills the server anyway (a server that never answers). */
const CRASH_WAIT_LIMIT_MS = 60_000;

async function crashTrial(s: Session, n: number): Promise<CrashTrial> {
  const server = await launch(s, `crash trial ${n}`);
  const acked = new Set<string>();
  const before = await s.store.countSubmissions(s.workload.assignmentId);
  // Mid-run: half the cell's duration after the first acknowledged submission (a freshly started
  // server on a busy machine can take seconds to answer its first requests: timing from the start
  // would kill it before it had acknowledged anything).
  const halfMs = (s.options.durationS * 1000) / 2;
  const started = Date.now();
  let firstAckAt = 0;
  let killed = 0;
  let killedAtMs = 0;
  await runLoad({
    url: server.origin,
    connections: CRASH_CONNECTIONS,
    // An upper bound only: the run is stopped shortly after the kill.
    durationS: s.options.durationS + CRASH_WAIT_LIMIT_MS / 1000,
    request: submitRequest(s, server, (id) => {
      firstAckAt ||= Date.now();
      acked.add(id);
    }),
    started: (instance) => {
      const timer = setInterval(() => {
        const elapsed = Date.now() - started;
        const underLoad = firstAckAt > 0 && Date.now() - firstAckAt >= halfMs;
        if (!underLoad && elapsed < CRASH_WAIT_LIMIT_MS) return;
        clearInterval(timer);
        killedAtMs = elapsed;
        void killServer(server).then((pid) => {
          killed = pid;
          // What was in flight is lost to the client either way; stop sending to a dead port.
          setTimeout(() => instance.stop(), 500);
        });
      }, 50);
    },
  });
  s.server = null;
  const stored = await s.store.countStored([...acked]);
  const after = await s.store.countSubmissions(s.workload.assignmentId);
  const integrity = await s.store.integrity();
  progress(
    `crash trial ${n}: SIGKILL to next-server pid ${killed} after ${(killedAtMs / 1000).toFixed(1)} s under load; ${acked.size} acknowledged, ${stored} of them stored; ` +
      `${after - before} stored in all (the rest were in flight); integrity ${integrity}`,
  );
  return { acked: acked.size, missing: acked.size - stored, integrity };
}

async function bench(s: Session): Promise<void> {
  const { options, workload } = s;
  const server = await launch(s, "load");
  progress(`signing in ${workload.students.length} students`);
  for (const student of workload.students) student.cookie = await signInOne(server, student);
  // Warm-up, not measured: the first request to each route loads its code, in every worker (each
  // new connection goes to the next worker, so a short load at 16 connections reaches them all).
  await checkSubmit(s, server);
  const warm = { url: server.origin, connections: 16, durationS: 2 };
  await runLoad({ ...warm, request: { method: "GET", path: "/api/health" } });
  await runLoad({
    ...warm,
    request: {
      method: "GET",
      path: "/dashboard",
      setupRequest: cycling(workload, (req, student) => ({ ...req, headers: { ...req.headers, cookie: student.cookie } })),
    },
  });
  await runLoad({ ...warm, request: submitRequest(s, server), failed: notGraded });
  const workers = nextServerPids(server.child.pid!).length;

  const runs = Object.fromEntries(ROUTES.map((r) => [r, new Map<number, LoadRun>()])) as Record<Route, Map<number, LoadRun>>;
  const stored = new Map<number, { before: number; after: number; durationS: number }>();
  const floor: Record<string, Cell> = {};
  const { encodeActionArgs } = await import("./students");
  const floorBody = encodeActionArgs(FLOOR_INPUT);
  for (const c of options.connections) {
    const cell = (route: string) => `${route} at ${c} connection${c === 1 ? "" : "s"} for ${options.durationS} s`;
    progress(cell("health"));
    runs.health.set(c, await runLoad({ url: server.origin, connections: c, durationS: options.durationS, request: { method: "GET", path: "/api/health" } }));
    progress(cell("dashboard"));
    runs.dashboard.set(
      c,
      await runLoad({
        url: server.origin,
        connections: c,
        durationS: options.durationS,
        request: {
          method: "GET",
          path: "/dashboard",
          setupRequest: cycling(workload, (req, student) => ({ ...req, headers: { ...req.headers, cookie: student.cookie } })),
        },
      }),
    );
    progress(cell("submit"));
    const before = await settledCount(s);
    const run = await runLoad({ url: server.origin, connections: c, durationS: options.durationS, request: submitRequest(s, server), failed: notGraded });
    runs.submit.set(c, run);
    stored.set(c, { before, after: await settledCount(s), durationS: run.durationS });
    progress(cell("floor (the submit action refused at its first line)"));
    floor[String(c)] = cellOf(
      await runLoad({
        url: server.origin,
        connections: c,
        durationS: options.durationS,
        request: floorRequest(s, server, floorBody),
        failed: notRefusedAsBadInput,
      }),
    );
  }
  await stopServer(server);
  s.server = null;

  const crashTrials: CrashTrial[] = [];
  if (options.crash) for (let n = 1; n <= CRASH_TRIALS; n++) crashTrials.push(await crashTrial(s, n));

  s.sampler.stop();
  const report = buildReport({ db: s.store.kind, connections: options.connections, runs, stored, rssSamplesKb: s.sampler.samplesKb, crashTrials });
  process.stdout.write(
    options.json
      ? `${JSON.stringify(report)}\n`
      : formatTable(report, {
          durationS: options.durationS,
          students: workload.students.length,
          workers,
          workerRssPeakMb: peakRssMb(s.sampler.workerSamplesKb),
          floor,
        }),
  );
}

async function signInOne(server: Server, student: Workload["students"][number]): Promise<string> {
  const { signIn } = await import("./students");
  return signIn(server.origin, student.email, student.password);
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseFlags(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bench:http: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.db === "postgres" && !postgresSupported()) {
    process.stderr.write(`bench:http: ${POSTGRES_UNAVAILABLE} (lib/db/url.ts accepts only SQLite "file:" URLs).\n`);
    return 1;
  }
  const root = process.cwd();
  const store = await createStore(options.db);
  const session: Session = {
    root,
    options,
    store,
    secret: crypto.randomBytes(32).toString("base64url"),
    workload: { assignmentId: "", problemId: "", pagePath: "", students: [] },
    actionId: "",
    sampler: new RssSampler(),
    server: null,
  };
  const cleanup = async () => {
    session.sampler.stop();
    if (session.server) await stopServer(session.server).catch(() => undefined);
    await store.drop().catch((e: unknown) => progress(`could not remove the benchmark database: ${String(e)}`));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      progress(`${signal}: stopping the server and removing the database`);
      void cleanup().then(() => process.exit(130));
    });
  }
  try {
    progress(`preparing a fresh ${options.db} database (build first if the build is stale)`);
    // stdout of the child goes to our stderr: `next build` and the Prisma CLI print there.
    const prepared = spawnSync(process.execPath, [...process.execArgv, path.join(path.dirname(process.argv[1]!), "prepare.ts"), store.url], {
      cwd: root,
      stdio: ["ignore", 2, 2],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (prepared.status !== 0) throw new Error("preparing the build and database failed; see above");
    // Loaded only now: it imports the generated Prisma client, which the step above may have written.
    const { prepareStudents, submitActionId } = await import("./students");
    session.actionId = submitActionId(root);
    session.workload = await prepareStudents(store.url, options.students);
    session.sampler.start();
    await bench(session);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench:http: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
