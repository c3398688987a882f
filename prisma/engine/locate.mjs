import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

/** The native schema engine Prisma downloaded at install time, if it could. */
export function nativeSchemaEngine() {
  const dir = path.join(root, "node_modules", "@prisma", "engines");
  if (!fs.existsSync(dir)) return null;
  const found = fs.readdirSync(dir).find((f) => f.startsWith("schema-engine-") && !f.endsWith(".sha256") && !f.endsWith(".gz"));
  return found ? path.join(dir, found) : null;
}

/** Environment for the Prisma CLI: nothing when an engine is available, else the Wasm stand-in. */
export function schemaEngineEnv(env = process.env) {
  if (env.PRISMA_SCHEMA_ENGINE_BINARY || nativeSchemaEngine()) return {};
  return { PRISMA_SCHEMA_ENGINE_BINARY: path.join(here, "schema-engine.mjs") };
}
