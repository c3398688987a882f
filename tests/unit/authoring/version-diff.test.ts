import { describe, expect, it } from "vitest";
import { withProblemId } from "@/lib/authoring/rename";
import { sideBySide } from "@/lib/authoring/version-diff";

describe("two versions side by side", () => {
  it("pairs a replaced line with its replacement, each side with its own line numbers", () => {
    const d = sideBySide("id: a\ntitle: One\npoints: 4\n", "id: a\ntitle: Two\npoints: 4\n");
    expect(d).toEqual({
      added: 1,
      removed: 1,
      identical: false,
      rows: [
        { kind: "same", left: { line: 1, text: "id: a" }, right: { line: 1, text: "id: a" } },
        { kind: "changed", left: { line: 2, text: "title: One" }, right: { line: 2, text: "title: Two" } },
        { kind: "same", left: { line: 3, text: "points: 4" }, right: { line: 3, text: "points: 4" } },
      ],
    });
  });

  it("shows lines only one side has, and keeps both sides' numbering after them", () => {
    const d = sideBySide("a\nb\nc\n", "a\nx\ny\nb\n");
    expect(d.rows.map((r) => [r.kind, r.left?.line ?? null, r.right?.line ?? null])).toEqual([
      ["same", 1, 1],
      ["added", null, 2],
      ["added", null, 3],
      ["same", 2, 4],
      ["removed", 3, null],
    ]);
    expect(d).toMatchObject({ added: 2, removed: 1 });
  });

  it("pairs a longer replacement row by row, the rest added", () => {
    const d = sideBySide("k: 1\n", "k: 2\nk2: 3\n");
    expect(d.rows.map((r) => r.kind)).toEqual(["changed", "added"]);
  });

  it("says when two files are the same", () => {
    expect(sideBySide("x\n", "x\n")).toMatchObject({ identical: true, added: 0, removed: 0 });
    expect(sideBySide("x", "x\n").identical).toBe(false);
  });
});

describe("a problem file with another id", () => {
  it("changes the id where it is written and nothing else, comments and quoting included", () => {
    const text = '# the seed\nid: "seed-std-dev"   # keep me\ntitle: x\nparts:\n  - id: loss\n';
    expect(withProblemId(text, "seed-std-dev-dl-101")).toBe('# the seed\nid: seed-std-dev-dl-101   # keep me\ntitle: x\nparts:\n  - id: loss\n');
  });

  it("refuses a text without a top-level id, or one that is not YAML", () => {
    expect(withProblemId("title: x\n", "a")).toBeNull();
    expect(withProblemId("- id: a\n", "b")).toBeNull();
    expect(withProblemId("id: [a\n", "b")).toBeNull();
  });
});
