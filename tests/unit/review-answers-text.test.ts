import { describe, expect, it } from "vitest";
import { answersAsTyped } from "@/lib/review/answers-text";

describe("stored answers shown in the answer boxes", () => {
  it("turns numbers and arrays into text, on graphs too, and leaves text and blanks alone", () => {
    expect(
      answersAsTyped({
        loss: 2.5,
        v: [1, [2, 3]],
        formula: "z",
        none: null,
        annotate: { nodes: { q: { value: 7, grad: "-3", edges: { x: { downstream: -3, local: 1 } } }, f: {} } },
      }),
    ).toEqual({
      loss: "2.5",
      v: "[1,[2,3]]",
      formula: "z",
      none: null,
      annotate: { nodes: { q: { value: "7", grad: "-3", edges: { x: { downstream: "-3", local: "1" } } }, f: {} } },
    });
    expect(answersAsTyped(null)).toEqual({});
  });
});
