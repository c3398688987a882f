#!/usr/bin/env node
// Runs the Prisma CLI (`npm run prisma -- <args>`). Where Prisma's native schema engine is not
// installed (it is downloaded at install time, which fails without network), the CLI is pointed at
// the Wasm stand-in next to this file. An explicit PRISMA_SCHEMA_ENGINE_BINARY always wins.

import { spawnSync } from "node:child_process";
import { schemaEngineEnv } from "./locate.mjs";

const result = spawnSync(process.execPath, [cliPath(), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, ...schemaEngineEnv() },
});
process.exit(result.status ?? 1);

function cliPath() {
  return new URL("../../node_modules/prisma/build/index.js", import.meta.url).pathname;
}
