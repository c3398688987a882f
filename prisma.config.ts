import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/db/url";

// The CLI (migrate, generate) reads this; the app builds its client in lib/db/client.ts from the
// same resolveDatabaseUrl, so both always open the same file.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: resolveDatabaseUrl() },
});
