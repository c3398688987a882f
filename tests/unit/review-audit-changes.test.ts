import { describe, expect, it } from "vitest";
import { auditChanges } from "@/lib/review/submission-page";

describe("auditChanges: what an audit entry changed, field by field", () => {
  it("lists only the fields whose value differs, before's fields first", () => {
    expect(auditChanges({ partId: "loss", partScore: 0, score: 0 }, { partId: "loss", partScore: 1, score: 0.4, comment: "Sign only." })).toEqual([
      { field: "partScore", from: 0, to: 1 },
      { field: "score", from: 0, to: 0.4 },
      { field: "comment", from: null, to: "Sign only." },
    ]);
  });

  it("reads nested objects as dotted fields, so one part's change in a regrade is one line", () => {
    expect(auditChanges({ version: 1, parts: { dfdx: 0, "grad-z": 1 } }, { version: 2, parts: { dfdx: 1, "grad-z": 1 } })).toEqual([
      { field: "version", from: 1, to: 2 },
      { field: "parts.dfdx", from: 0, to: 1 },
    ]);
  });

  it("treats a missing side as empty: a field removed reads as old → null", () => {
    expect(auditChanges({ status: "OPEN", reason: "typo" }, null)).toEqual([
      { field: "status", from: "OPEN", to: null },
      { field: "reason", from: "typo", to: null },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
  });

  it("compares arrays by value and does not report an equal one", () => {
    expect(auditChanges({ given: [1, 2] }, { given: [1, 2] })).toEqual([]);
    expect(auditChanges({ given: [1, 2] }, { given: [1, 3] })).toEqual([{ field: "given", from: [1, 2], to: [1, 3] }]);
  });
});
