/** The response a route handler returns for a CSV download (the text itself is written by lib/csv.ts). */
export function csvResponse(body: string, fileName: string): Response {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]+/g, "-");
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
