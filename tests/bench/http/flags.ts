/**
 * The command line of `npm run bench:http`, parsed into typed options before anything starts. Every
 * mistake is a UsageError that names the flag and what it accepts.
 */

export type BenchDatabase = "sqlite" | "postgres";

export type BenchOptions = {
  json: boolean;
  db: BenchDatabase;
  /** Seconds of load per cell (route × connection count). */
  durationS: number;
  students: number;
  connections: number[];
  crash: boolean;
  /** Server processes (WEB_CONCURRENCY); null: `npm start`'s default, one per core. */
  workers: number | null;
  help: boolean;
};

export const DEFAULTS: BenchOptions = {
  json: false,
  db: "sqlite",
  durationS: 10,
  students: 16,
  connections: [1, 16, 64],
  crash: true,
  workers: null,
  help: false,
};

export const USAGE = `usage: npm run bench:http -- [--json] [--db sqlite|postgres] [--duration S] [--students N] [--connections 1,16,64] [--workers N] [--no-crash]
  --json           print one JSON object on stdout (progress goes to stderr)
  --db             the database the server runs on (default sqlite; postgres needs a server on 127.0.0.1:5432)
  --duration S     seconds of load per route and connection count (default 10)
  --students N     students signed in and cycled through by the submit load (default 16)
  --connections L  comma-separated connection counts (default 1,16,64)
  --workers N      server processes sharing the port, as WEB_CONCURRENCY for npm start (default one per core)
  --no-crash       skip the crash trial (SIGKILL the server under load three times)`;

export class UsageError extends Error {}

const MAX_DURATION_S = 3600;
const MAX_STUDENTS = 1000;
const MAX_CONNECTIONS = 1024;
const MAX_WORKERS = 64;

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function parseFlags(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, connections: [...DEFAULTS.connections] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value, got "${arg}"`);
    };
    switch (flag) {
      case "--json":
        noValue();
        options.json = true;
        break;
      case "--no-crash":
        noValue();
        options.crash = false;
        break;
      case "--help":
      case "-h":
        noValue();
        options.help = true;
        break;
      case "--db": {
        const db = value();
        if (db !== "sqlite" && db !== "postgres") throw new UsageError(`--db must be "sqlite" or "postgres", got "${db}"`);
        options.db = db;
        break;
      }
      case "--duration": {
        const raw = value();
        const s = Number(raw);
        if (raw.trim() === "" || !Number.isFinite(s) || s <= 0 || s > MAX_DURATION_S) {
          throw new UsageError(`--duration must be a number of seconds above 0 and at most ${MAX_DURATION_S}, got "${raw}"`);
        }
        options.durationS = s;
        break;
      }
      case "--students":
        options.students = wholeNumber("--students", value(), 1, MAX_STUDENTS);
        break;
      case "--connections": {
        const raw = value();
        const list = raw.split(",").map((part) => wholeNumber("--connections", part.trim(), 1, MAX_CONNECTIONS));
        if (new Set(list).size !== list.length) throw new UsageError(`--connections lists a count twice: "${raw}"`);
        options.connections = list;
        break;
      }
      case "--workers":
        options.workers = wholeNumber("--workers", value(), 1, MAX_WORKERS);
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return options;
}
