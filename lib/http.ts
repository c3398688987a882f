/** JSON error bodies for route handlers: `{"error": {"code", "message", "issues"?}}` with a 4xx/5xx status. */
export function jsonError(status: number, code: string, message: string, issues?: { path: string; message: string }[]): Response {
  return Response.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status });
}

/** Turns zod issues into "where: what" pairs a client can show next to the field. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
}
