import { describe, expect, it } from "vitest";
import { MALFORMED_ACTION_MESSAGE, malformedActionBody } from "@/lib/security/action-requests";

describe("a server action call's body, checked before Next decodes it", () => {
  it("lets a JSON array of arguments through, and bodies that are not text (multipart forms)", () => {
    expect(malformedActionBody("text/plain;charset=UTF-8", '["x", {"a": 1}]')).toBeNull();
    expect(malformedActionBody("text/plain", "[]")).toBeNull();
    // What React's client writes for "$5", undefined and a date: escaped, or a plain value.
    expect(malformedActionBody("text/plain", '["$$5", "$undefined", {"at": "$D2026-11-27T00:00:00.000Z"}, "$-0", "$n12"]')).toBeNull();
    expect(malformedActionBody("multipart/form-data; boundary=x", "anything")).toBeNull();
    expect(malformedActionBody(null, "anything")).toBeNull();
  });

  it("refuses text that is not JSON, and JSON that is not a list of arguments", () => {
    // ... and strings that React's reply format would read as references to parts the body lacks.
    for (const body of ["key", "", "5", "-2.5e-97", '{"a": 1}', '"x"', "null", "[1,", '["$1"]', '[{"a": ["$@2"]}]', '["$K1"]', '["$^$w?nH"]', '["$"]']) {
      expect(malformedActionBody("text/plain;charset=UTF-8", body), body).toBe(MALFORMED_ACTION_MESSAGE);
    }
  });
});
