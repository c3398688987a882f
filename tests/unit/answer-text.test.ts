import { describe, expect, it } from "vitest";
import { answerText, entryOf } from "@/lib/graph-view/fields";

describe("stored answers shown in the answer boxes", () => {
  it("turns numbers and arrays into text, on graphs too, and leaves text and blanks alone", () => {
    expect(answerText(2.5)).toBe("2.5");
    expect(answerText([1, [2, 3]])).toBe("[1,[2,3]]");
    expect(answerText("z")).toBe("z");
    expect(answerText(null)).toBe("");
    expect(answerText(undefined)).toBe("");
    const entries = { nodes: { q: { value: 7, grad: "-3", edges: { x: { downstream: -3, local: 1 } } }, f: {} } } as never;
    expect(entryOf(entries, { node: "q", field: "value", from: null })).toBe("7");
    expect(entryOf(entries, { node: "q", field: "grad", from: null })).toBe("-3");
    expect(entryOf(entries, { node: "q", field: "downstream", from: "x" })).toBe("-3");
    expect(entryOf(entries, { node: "q", field: "local", from: "x" })).toBe("1");
    expect(entryOf(entries, { node: "f", field: "value", from: null })).toBe("");
    expect(entryOf(undefined, { node: "q", field: "value", from: null })).toBe("");
  });
});
