/** The GraphError a source raises when evaluated; fails the test when it raises none or another error. */
import { GraphError, evaluateSource } from "@/lib/graph-lang";

export function graphErrorOf(source: string): GraphError {
  try {
    evaluateSource(source);
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new Error("expected a GraphError");
}
