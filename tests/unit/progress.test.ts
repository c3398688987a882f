import { describe, expect, it } from "vitest";
import { assignmentStatus, pointsEarned, problemProgress } from "@/lib/assignments/progress";

describe("problem progress", () => {
  it("is not started before any attempt, and done once the assignment has closed", () => {
    expect(problemProgress([], "BEST", 3, false)).toEqual({ status: "not-started", score: null, attemptsUsed: 0 });
    expect(problemProgress([], "BEST", 3, true).status).toBe("done");
  });

  it("counts the best or the latest attempt by the assignment's rule", () => {
    const attempts = [
      { score: 0.9, attempt: 1 },
      { score: 0.3, attempt: 2 },
    ];
    expect(problemProgress(attempts, "BEST", null, false)).toEqual({ status: "in-progress", score: 0.9, attemptsUsed: 2 });
    expect(problemProgress(attempts, "LATEST", null, false).score).toBe(0.3);
  });

  it("is done at full marks or when attempts run out", () => {
    expect(problemProgress([{ score: 1, attempt: 1 }], "BEST", null, false).status).toBe("done");
    expect(
      problemProgress(
        [
          { score: 0.2, attempt: 1 },
          { score: 0.1, attempt: 2 },
        ],
        "BEST",
        2,
        false,
      ).status,
    ).toBe("done");
    expect(problemProgress([{ score: 0.2, attempt: 1 }], "BEST", 2, false).status).toBe("in-progress");
  });

  it("rolls problems up into an assignment status and points", () => {
    const ns = problemProgress([], "BEST", null, false);
    const ip = problemProgress([{ score: 0.5, attempt: 1 }], "BEST", null, false);
    const done = problemProgress([{ score: 1, attempt: 1 }], "BEST", null, false);
    expect(assignmentStatus([])).toBe("not-started");
    expect(assignmentStatus([ns, ns])).toBe("not-started");
    expect(assignmentStatus([ns, done])).toBe("in-progress");
    expect(assignmentStatus([done, done])).toBe("done");
    expect(
      pointsEarned([
        { points: 10, progress: ip },
        { points: 4, progress: done },
        { points: 3, progress: ns },
      ]),
    ).toBe(9);
  });
});
