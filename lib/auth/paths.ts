/** Header the proxy sets to the path being requested, so a page can send the visitor back to it. */
export const REQUEST_PATH_HEADER = "x-chainrule-path";

/**
 * A callback target that stays on this site: a path starting with a single "/". Anything else
 * (absolute URLs, protocol-relative "//host", backslashes) falls back to "/".
 */
export function safeCallbackPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return "/";
  if (raw.startsWith("/signin") || raw.startsWith("/api/")) return "/";
  return raw.length > 2000 ? "/" : raw;
}

export function signInUrl(callbackPath: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackPath))}`;
}
