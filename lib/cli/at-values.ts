/** `--at NAME=VALUE`: VALUE is a number or a JSON array literal such as [[1,0],[0,1]]. */
import { z } from "zod";
import type { NestedNumbers } from "@/lib/autograd";
import { parseNumber } from "./flags";
import { CliUsageError } from "./types";

const nestedNumbers: z.ZodType<NestedNumbers> = z.lazy(() => z.union([z.number(), z.array(nestedNumbers)]));

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseAtValues(entries: readonly string[]): Record<string, NestedNumbers> {
  // No prototype: "--at __proto__=[1]" must be an ordinary (and then undeclared) name.
  const values: Record<string, NestedNumbers> = Object.create(null) as Record<string, NestedNumbers>;
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq < 0) throw new CliUsageError(`--at ${entry}: expected NAME=VALUE, e.g. --at x1=-1`);
    const name = entry.slice(0, eq).trim();
    const text = entry.slice(eq + 1).trim();
    if (!NAME.test(name)) throw new CliUsageError(`--at ${entry}: "${name}" is not an input name`);
    if (Object.prototype.hasOwnProperty.call(values, name)) throw new CliUsageError(`--at ${name} is given more than once`);
    values[name] = parseValue(name, text);
  }
  return values;
}

function parseValue(name: string, text: string): NestedNumbers {
  if (text.startsWith("[")) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new CliUsageError(`--at ${name}=${text}: not a valid JSON array`);
    }
    const parsed = nestedNumbers.safeParse(raw);
    if (!parsed.success) throw new CliUsageError(`--at ${name}=${text}: the array must hold finite numbers only`);
    return parsed.data;
  }
  const n = parseNumber(text);
  if (n === null) throw new CliUsageError(`--at ${name}=${text}: "${text}" is not a number or a JSON array`);
  return n;
}
