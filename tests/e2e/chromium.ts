import fs from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** CHROMIUM_PATH if it exists, else the first system Chromium/Chrome found; null when none is installed. */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const wanted = env.CHROMIUM_PATH;
  if (wanted) return fs.existsSync(wanted) ? wanted : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}
