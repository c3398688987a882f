import Database from "better-sqlite3";

/**
 * Write-ahead logging lets readers keep reading while one writer writes; the setting is stored in
 * the database file, so setting it once after migrating is enough for every later connection.
 */
export function enableWal(file: string): string {
  const db = new Database(file, { timeout: 5_000 });
  try {
    return String(db.pragma("journal_mode = WAL", { simple: true }));
  } finally {
    db.close();
  }
}
