/**
 * The entry of each problem worker thread (lib/authoring/workers/problem-pool.ts). A plain ES module, so that Node
 * loads it as it is under `next start` (where the server's own code is a Turbopack bundle) and under
 * the CLI and the tests alike; it loads the TypeScript jobs with tsx, which reads tsconfig.json for
 * the `@/` paths. Loading happens once per thread; the pool keeps its threads.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
const jobs = tsImport("./problem-jobs.ts", { parentURL: import.meta.url, tsconfig: path.join(here, "../../../tsconfig.json") });

/** Piscina calls this with each task: `{ job, input }`; it answers with the job's plain-data result. */
export default async function run(task) {
  const { runProblemJob } = await jobs;
  return runProblemJob(task.job, task.input);
}
