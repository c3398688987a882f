import { describe, expect, it } from "vitest";
import { withProblemId } from "@/lib/authoring/rename";
import { sideBySide, withContext } from "@/lib/authoring/version-diff";

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
    expect(withProblemId(text, "seed-std-dev-dl-101")).toBe("# the seed\nid: seed-std-dev-dl-101   # keep me\ntitle: x\nparts:\n  - id: loss\n");
  });

  it("refuses a text without a top-level id, or one that is not YAML", () => {
    expect(withProblemId("title: x\n", "a")).toBeNull();
    expect(withProblemId("- id: a\n", "b")).toBeNull();
    expect(withProblemId("id: [a\n", "b")).toBeNull();
  });
});

describe("the rows worth reading", () => {
  const lines = (n: number, changeAt: number[]) =>
    Array.from({ length: n }, (_, i) => (changeAt.includes(i + 1) ? `changed ${i + 1}` : `line ${i + 1}`)).join("\n") + "\n";
  const base = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";

  it("keeps three unchanged lines around each change and folds the rest, saying how many lines", () => {
    const shown = withContext(sideBySide(base, lines(20, [10])).rows);
    expect(shown.map((r) => (r.kind === "skip" ? `skip ${r.lines}` : `${r.kind} ${r.left?.line ?? "-"}`))).toEqual([
      "skip 6",
      "same 7",
      "same 8",
      "same 9",
      "changed 10",
      "same 11",
      "same 12",
      "same 13",
      "skip 7",
    ]);
  });

  it("keeps everything when changes are close together, and folds nothing into a one-line skip", () => {
    expect(withContext(sideBySide(base, lines(20, [4, 12])).rows).filter((r) => r.kind === "skip")).toEqual([{ kind: "skip", lines: 5 }]);
    expect(withContext(sideBySide(base, lines(20, [5])).rows)[0]).toEqual({
      kind: "same",
      left: { line: 1, text: "line 1" },
      right: { line: 1, text: "line 1" },
    });
    expect(withContext(sideBySide(base, base).rows)).toEqual([{ kind: "skip", lines: 20 }]);
  });
});
