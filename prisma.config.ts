import { defineConfig } from "prisma/config";
import { databaseProvider, PRISMA_LAYOUT, resolveDatabaseUrl } from "./lib/db/url";

// The CLI (migrate, generate) reads this; the app builds its client in lib/db/client.ts from the
// same resolveDatabaseUrl, so both always open the same database. The URL picks the provider, and
// with it the schema and the migrations folder (SQLite: prisma/, PostgreSQL: prisma/postgres/).
const url = resolveDatabaseUrl();
const layout = PRISMA_LAYOUT[databaseProvider(url)];

export default defineConfig({
  schema: layout.schema,
  migrations: { path: layout.migrations },
  datasource: { url },
});
