/**
 * One cell of load: autocannon against one route at one connection count, every response's latency
 * recorded (autocannon's own histogram keeps whole milliseconds; health answers in less).
 */
import autocannon, { type Instance, type Request } from "autocannon";
import type { LoadRun } from "./report";

export type LoadSpec = {
  url: string;
  connections: number;
  durationS: number;
  /** The request, or a function that fills in the next one (which student's cookie and body). */
  request: Request;
  /** A 2xx response that still failed (the submit action's refusal): counted as an error. */
  failed?: (status: number, body: string) => boolean;
  /** Called with the running instance, e.g. to kill the server under it. */
  started?: (instance: Instance) => void;
};

export function runLoad(spec: LoadSpec): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  let refused = 0;
  const request: Request = spec.failed
    ? {
        ...spec.request,
        onResponse: (status, body, context, headers) => {
          spec.request.onResponse?.(status, body, context, headers);
          if (status >= 200 && status < 300 && spec.failed!(status, body)) refused++;
        },
      }
    : spec.request;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const instance = autocannon(
      { url: spec.url, connections: spec.connections, duration: spec.durationS, timeout: 30, requests: [request] },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          durationS: result.duration > 0 ? result.duration : (Date.now() - started) / 1000,
          latenciesMs,
          responses: result.requests.total,
          non2xx: result.non2xx,
          transportErrors: result.errors,
          refused,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => latenciesMs.push(responseTimeMs));
    spec.started?.(instance);
  });
}
