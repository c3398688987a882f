/** Problem files on disk. */
import fs from "node:fs";
import path from "node:path";

/** Every .yaml / .yml file under a folder, sorted. */
export function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (/\.ya?ml$/.test(e.name)) out.push(full);
    }
  }
  return out.sort();
}
