/** The response a route handler returns for a CSV download (the text itself is written by lib/csv.ts). */
export function csvResponse(body: string | ReadableStream<Uint8Array>, fileName: string): Response {
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

/**
 * A CSV download written as its lines come: each chunk is read from the database only when the
 * client has taken the one before (a pull stream), so a big export holds one chunk, not the file.
 */
export function csvStreamResponse(lines: AsyncIterable<string>, fileName: string): Response {
  const iterator = lines[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return csvResponse(stream, fileName);
}
