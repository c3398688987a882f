/**
 * prisma/postgres/schema.prisma is written from prisma/schema.prisma: the models are the same text,
 * only the generator's output folder and the datasource's provider differ. One file holds the models,
 * so the two databases cannot disagree on them; tests/integration/migrations.test.ts checks that the
 * written file is current. Imports nothing generated (it runs before any client exists).
 */
import fs from "node:fs";
import path from "node:path";
import { PRISMA_LAYOUT } from "@/lib/db/url";

const HEADER = `// WRITTEN BY \`npm run -s db:schemas\` FROM prisma/schema.prisma: edit that file, not this one.
// The same models for PostgreSQL; migrations for it live in prisma/postgres/migrations.
`;

/** The PostgreSQL schema's text for the SQLite schema's text. */
export function postgresSchemaFrom(sqlite: string): string {
  const generator = /(generator client \{[^}]*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/;
  const datasource = /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/;
  if (!generator.test(sqlite)) throw new Error('prisma/schema.prisma: expected a generator with output = "../lib/generated/prisma"');
  if (!datasource.test(sqlite)) throw new Error('prisma/schema.prisma: expected datasource db { provider = "sqlite" }');
  const body = sqlite
    .replace(generator, '$1"../../lib/generated/prisma-pg"')
    .replace(datasource, '$1"postgresql"')
    // The SQLite file's opening comment (up to the generator) speaks of SQLite's migrations.
    .replace(/^[\s\S]*?(?=generator client)/, "");
  return `${HEADER}\n${body}`;
}

/** Writes the PostgreSQL schema if it is not current; true if it changed. */
export function writePostgresSchema(root: string): boolean {
  const text = postgresSchemaFrom(fs.readFileSync(path.join(root, PRISMA_LAYOUT.sqlite.schema), "utf8"));
  const target = path.join(root, PRISMA_LAYOUT.postgresql.schema);
  if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === text) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return true;
}
