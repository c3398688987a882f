/**
 * One answer as it arrives: blank, a JSON number, a (nested) JSON array whose entries are numbers or
 * answer texts, or an answer text. Read into a tensor, or into `missing` / `invalid` with the reason.
 */
import { type Tensor, tensor, toNested } from "../autograd";
import { type AnswerError, type AnswerLimits, DEFAULT_ANSWER_LIMITS, answerError, parseAnswer } from "./answer-language";
import { type StatedDigits, statedPrecision } from "./precision";
import type { MessageRef } from "./verdict";

/** What a student's answer may be before it is read. */
export type RawAnswer = number | string | null | undefined | readonly RawAnswer[];

export type ReadAnswer =
  | { readonly status: "missing" }
  | { readonly status: "invalid"; readonly raw: unknown; readonly error: AnswerError }
  | {
      readonly status: "given";
      readonly raw: unknown;
      readonly value: Tensor;
      /** Per element, the digits the student wrote (null: an exact expression such as 1/4). */
      readonly stated?: readonly (StatedDigits | null)[] | null;
    };

function describeJson(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v;
}

function invalid(raw: unknown, text: string, key: AnswerError["issue"]["key"], params: Record<string, string | number> = {}): ReadAnswer {
  return { status: "invalid", raw, error: answerError(text, { key, params }, null) };
}

/** Reads one answer. Never throws: anything unreadable comes back `invalid` with a located reason. */
export function readAnswer(raw: unknown, limits?: Partial<AnswerLimits>): ReadAnswer {
  if (raw === null || raw === undefined) return { status: "missing" };
  if (typeof raw === "string") {
    if (raw.trim() === "") return { status: "missing" };
    const r = parseAnswer(raw, limits);
    return r.ok ? { status: "given", raw, value: r.value, stated: statedPrecision(raw) } : { status: "invalid", raw, error: r.error };
  }
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return invalid(raw, String(raw), "not-finite");
    return { status: "given", raw, value: tensor([], [raw]), stated: statedPrecision(raw) };
  }
  if (Array.isArray(raw)) return readArray(raw, { ...DEFAULT_ANSWER_LIMITS, ...limits });
  return invalid(raw, JSON.stringify(raw) ?? "undefined", "not-a-number", { found: describeJson(raw) });
}

/** `[0.2, "1/4"]` or `[[1, 2], [3, "e"]]`: each entry a number or a scalar answer text. */
function readArray(raw: readonly unknown[], limits: AnswerLimits): ReadAnswer {
  const text = JSON.stringify(raw);
  if (raw.length === 0) return invalid(raw, text, "empty-array");
  const matrix = Array.isArray(raw[0]);
  const rows = matrix ? raw : [raw];
  const width = (rows[0] as unknown[]).length;
  if (width === 0) return invalid(raw, text, "empty-array");
  if (rows.length * width > limits.maxElements) return invalid(raw, text, "too-many-elements", { limit: limits.maxElements });
  const data: number[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== width) return invalid(raw, text, "ragged");
    for (const entry of row as unknown[]) {
      if (Array.isArray(entry)) return invalid(raw, text, "too-many-dimensions", { count: 3 });
      const one = readAnswer(entry, limits);
      if (one.status === "missing") return invalid(raw, text, "not-a-number", { found: describeJson(entry) });
      if (one.status === "invalid")
        return one.raw === entry && typeof entry === "string" ? { ...one, raw } : invalid(raw, text, one.error.issue.key, { ...one.error.issue.params });
      if (one.value.shape.length !== 0) return invalid(raw, text, "too-many-dimensions", { count: 3 });
      data.push(one.value.data[0]!);
    }
  }
  return { status: "given", raw, value: tensor(matrix ? [rows.length, width] : [width], data), stated: statedPrecision(raw) };
}

/** The JSON form of what the student gave: numbers for readable answers, the raw text otherwise. */
export function givenJson(read: ReadAnswer): unknown {
  if (read.status === "missing") return null;
  if (read.status === "invalid") return read.raw;
  return toNested(read.value);
}

/** The message of an answer that could not be read, in the form results carry it. */
export function invalidMessage(error: AnswerError): MessageRef {
  return { key: "invalid", params: { text: error.text, column: error.column ?? "", issue: error.issue.key, ...error.issue.params } };
}
