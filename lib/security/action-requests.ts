/**
 * A server action's call, checked before Next decodes it. Next's own decoding of a malformed call (a
 * body that is not JSON, or JSON that is not a list of arguments) throws inside the framework, where
 * no action can answer: a forged request got a 500. The page's client always sends a JSON array (or
 * multipart form data), so anything else is refused here with 400 and a message saying what was wrong.
 */
export const MALFORMED_ACTION_MESSAGE = "Bad request (400): a server action's body must be a JSON array of its arguments.";

/** Why a server action call's text body cannot be an action call, or null when it can. */
export function malformedActionBody(contentType: string | null, body: string): string | null {
  if (!contentType || !/^text\/plain\b/i.test(contentType)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return MALFORMED_ACTION_MESSAGE;
  }
  return Array.isArray(parsed) ? null : MALFORMED_ACTION_MESSAGE;
}
