/** The problem editor's seed boxes take whole numbers only, and a changed `id:` is noticed (it changes every variant). */
import { describe, expect, it } from "vitest";
import { idOf, isSeed } from "@/app/_components/authoring/editor-input";

describe("the editor's seed box", () => {
  it("takes whole numbers and refuses anything else", () => {
    for (const ok of ["0", "1", " 42 ", "123456789012345"]) expect(isSeed(ok), ok).toBe(true);
    for (const bad of ["", "-1", "1.5", "1e3", "abc", "0x10", "1234567890123456"]) expect(isSeed(bad), bad).toBe(false);
  });
});

describe("the problem file's id, for the rename warning", () => {
  it("reads the top-level id, quoted or not, and nothing nested", () => {
    expect(idOf("id: add-mul-gate\ntitle: x")).toBe("add-mul-gate");
    expect(idOf('title: x\nid: "gate-2"  # renamed\n')).toBe("gate-2");
    expect(idOf("parts:\n  - id: y\n")).toBeNull();
    expect(idOf("title: x")).toBeNull();
  });
});
