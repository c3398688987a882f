import { z } from "zod";
import { problemFile } from "./schema";

/** The JSON Schema of problem files as authors write them (committed as problems/problem.schema.json). */
export function problemJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(problemFile, { io: "input", unrepresentable: "any" }),
    title: "Chainrule problem file",
    description: "One problem: statement, parameters, reference graph, parts, mistakes, solution and author tests. Generated from lib/problems/schema.ts.",
  };
}
