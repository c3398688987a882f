import fs from "node:fs";
import { loadProblem } from "@/lib/problems/load";
import { formatIssue } from "@/lib/problems/source";
const r = loadProblem(fs.readFileSync(process.argv[2]!, "utf8"));
for (const i of r.issues) console.log(formatIssue(process.argv[2]!, i));
