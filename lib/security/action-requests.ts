/**
 * A server action's call, checked before Next decodes it. Next's own decoding of a malformed call
 * throws inside the framework, where no action can answer, and a forged request got a 500 (or an
 * error row): a body that is not JSON, JSON that is not a list of arguments, or a string starting with
 * `$` that React's reply format reads as a reference to a part the body does not have ("$1", "$@2",
 * "$K3"…). The page's client always sends a JSON array whose `$` strings are escaped (`$$…`) or name a
 * plain value, or multipart form data; anything else is refused here with 400 and a message.
 */
export const MALFORMED_ACTION_MESSAGE = "Bad request (400): a server action's body must be a JSON array of its arguments.";

/** `$` strings a one-part reply can hold: an escaped `$`, and values JSON cannot write. */
const PLAIN_DOLLAR = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D.|n-?\d+$)/;

function hasReference(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.startsWith("$") && !PLAIN_DOLLAR.test(v)) return true;
    } else if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (v !== null && typeof v === "object") stack.push(...Object.values(v as Record<string, unknown>));
  }
  return false;
}

/** Why a server action call's text body cannot be an action call, or null when it can. */
export function malformedActionBody(contentType: string | null, body: string): string | null {
  if (!contentType || !/^text\/plain\b/i.test(contentType)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return MALFORMED_ACTION_MESSAGE;
  }
  return Array.isArray(parsed) && !hasReference(parsed) ? null : MALFORMED_ACTION_MESSAGE;
}
