/**
 * Strict flag parsing: `--name value` or `--name=value`; booleans take no value; unknown flags, missing
 * values, repeated single flags, bad numbers and stray arguments are usage errors (exit status 1).
 */
import { CliUsageError } from "./types";

export type FlagKind = "string" | "number" | "boolean";

export interface FlagSpec {
  readonly kind: FlagKind;
  /** May be given several times (values collected in order). */
  readonly repeat?: boolean;
  readonly required?: boolean;
}

type ValueOf<S extends FlagSpec> = S["kind"] extends "boolean" ? boolean : S["kind"] extends "number" ? number : string;

export type ParsedFlags<T extends Record<string, FlagSpec>> = {
  [K in keyof T]: T[K]["repeat"] extends true
    ? ValueOf<T[K]>[]
    : T[K]["kind"] extends "boolean"
      ? boolean
      : T[K]["required"] extends true
        ? ValueOf<T[K]>
        : ValueOf<T[K]> | undefined;
};

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number written in decimal, or null ("1e999", "NaN", "0x10" and "" are not). */
export function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function parseFlags<T extends Record<string, FlagSpec>>(args: readonly string[], spec: T): ParsedFlags<T> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) out[name] = s.repeat ? [] : s.kind === "boolean" ? false : undefined;
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--") || arg === "--") {
      throw new CliUsageError(`unexpected argument "${arg}" (flags start with --)`);
    }
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const s = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (s === undefined) {
      const known = Object.keys(spec)
        .map((k) => `--${k}`)
        .join(", ");
      throw new CliUsageError(`unknown flag --${name} (known flags: ${known})`);
    }
    if (seen.has(name) && !s.repeat) throw new CliUsageError(`--${name} is given more than once`);
    seen.add(name);
    if (s.kind === "boolean") {
      if (eq >= 0) throw new CliUsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) throw new CliUsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (value === "") throw new CliUsageError(`--${name} needs a value`);
    let parsed: string | number = value;
    if (s.kind === "number") {
      const n = parseNumber(value);
      if (n === null) throw new CliUsageError(`--${name}: "${value}" is not a number`);
      parsed = n;
    }
    if (s.repeat) (out[name] as unknown[]).push(parsed);
    else out[name] = parsed;
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required && !seen.has(name)) throw new CliUsageError(`--${name} is required`);
  }
  return out as ParsedFlags<T>;
}
