/**
 * The engine's errors (lib/autograd) as graph messages: the node and line by key, and the reasons
 * students meet most (a value outside an operation's domain, an overflow, a shape mismatch) by key;
 * any other reason stays in English inside the translated frame. The English rendering is exactly the
 * engine's own message.
 */
import type { AutogradError } from "../autograd";
import { graphMessage, plainText, type GraphMessage, type GraphMessageKey } from "./messages";

/** The domain reasons of lib/autograd/ops (their `domain` rules), by the text they give. */
const DOMAIN_REASONS: ReadonlyArray<readonly [string, GraphMessageKey]> = [
  ["division by zero (zero raised to a negative power)", "engine.zero-negative-power"],
  ["division by zero", "engine.division-by-zero"],
  ["a negative number raised to a non-integer power has no real value", "engine.negative-fractional-power"],
  ["log of a non-positive number", "engine.log-non-positive"],
  ["sqrt of a negative number", "engine.sqrt-negative"],
  ["log1p of a number at or below -1 (1 + x must be positive)", "engine.log1p-domain"],
  ["bce needs a probability between 0 and 1 as its first argument (for logits use bce_with_logits)", "engine.bce-domain"],
];

const OVERFLOW = /^(.*) is (-?Infinity|NaN), not a finite float64 number \(overflow\)$/s;
const SHAPE_MISMATCH = "shape mismatch: ";

/** An engine reason (the text after the node) as a message. */
export function engineReason(reason: string): GraphMessage {
  for (const [text, key] of DOMAIN_REASONS) {
    if (reason === text) return graphMessage(key);
    if (reason.startsWith(`${text}: `)) return graphMessage("engine.domain", { why: graphMessage(key), at: reason.slice(text.length + 2) });
  }
  const overflow = OVERFLOW.exec(reason);
  if (overflow) return graphMessage("engine.overflow", { at: overflow[1]!, value: overflow[2]! });
  if (reason.startsWith(SHAPE_MISMATCH)) return graphMessage("engine.shape-mismatch", { detail: reason.slice(SHAPE_MISMATCH.length) });
  return plainText(reason);
}

/** `node "y" (line 2): log of a non-positive number: log(0)` by key. */
export function engineMessage(error: AutogradError): GraphMessage {
  const reason = engineReason(error.reason);
  if (error.nodeId === null) return reason;
  return error.position === null
    ? graphMessage("engine.at-node", { node: error.nodeId, reason })
    : graphMessage("engine.at-node-line", { node: error.nodeId, line: error.position.line, reason });
}
