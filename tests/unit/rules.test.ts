import { describe, expect, it } from "vitest";
import { effectiveScore, mayRevealAnswers, submitDecision, type AssignmentRules } from "@/lib/assignments/rules";

const t = (iso: string) => new Date(`2026-11-${iso}:00Z`);
const base: AssignmentRules = {
  opensAt: t("01T00:00"),
  dueAt: t("10T12:00"),
  maxAttempts: 3,
  latePolicy: "REFUSE",
  latePenaltyPercent: 0,
  lateUntil: null,
  releasePolicy: "AFTER_DUE",
};

describe("submitting", () => {
  it("is refused before the assignment opens", () => {
    expect(submitDecision(base, t("01T00:00"), 0).allowed).toBe(true);
    expect(submitDecision(base, new Date(base.opensAt.getTime() - 1), 0)).toEqual({ allowed: false, reason: "not-open", at: base.opensAt });
  });

  it("is accepted on time, counting the attempts left", () => {
    expect(submitDecision(base, t("10T12:00"), 0)).toEqual({ allowed: true, late: false, penalty: 0, attemptsLeft: 2 });
    expect(submitDecision(base, t("05T00:00"), 2)).toEqual({ allowed: true, late: false, penalty: 0, attemptsLeft: 0 });
  });

  it("is refused once the attempts are used up", () => {
    expect(submitDecision(base, t("05T00:00"), 3)).toEqual({ allowed: false, reason: "no-attempts" });
    expect(submitDecision({ ...base, maxAttempts: null }, t("05T00:00"), 99)).toMatchObject({ allowed: true, attemptsLeft: null });
  });

  it("after the due time: refused, penalized, or accepted, by the late policy and window", () => {
    const late = new Date(base.dueAt.getTime() + 1000);
    expect(submitDecision(base, late, 0)).toEqual({ allowed: false, reason: "closed", at: base.dueAt });
    const penalty = { ...base, latePolicy: "PENALTY" as const, latePenaltyPercent: 20, lateUntil: t("12T12:00") };
    expect(submitDecision(penalty, late, 0)).toEqual({ allowed: true, late: true, penalty: 0.2, attemptsLeft: 2 });
    expect(submitDecision(penalty, t("12T12:01"), 0)).toMatchObject({ allowed: false, reason: "closed" });
    const accept = { ...base, latePolicy: "ACCEPT" as const, lateUntil: null };
    expect(submitDecision(accept, t("30T00:00"), 0)).toEqual({ allowed: true, late: true, penalty: 0, attemptsLeft: 2 });
  });
});

describe("showing reference answers", () => {
  it("IMMEDIATE: with the feedback of the student's own submissions only", () => {
    const a = { ...base, releasePolicy: "IMMEDIATE" as const };
    expect(mayRevealAnswers(a, t("02T00:00"), false)).toBe(false);
    expect(mayRevealAnswers(a, t("02T00:00"), true)).toBe(true);
  });

  it("AFTER_DUE: only once no more work is accepted", () => {
    expect(mayRevealAnswers(base, t("10T11:59"), true)).toBe(false);
    expect(mayRevealAnswers(base, t("10T12:01"), false)).toBe(true);
    const window = { ...base, latePolicy: "PENALTY" as const, lateUntil: t("12T00:00") };
    expect(mayRevealAnswers(window, t("11T00:00"), true)).toBe(false);
    expect(mayRevealAnswers(window, t("12T00:01"), true)).toBe(true);
  });

  it("NEVER: never", () => {
    expect(mayRevealAnswers({ ...base, releasePolicy: "NEVER" }, t("30T00:00"), true)).toBe(false);
  });
});

describe("the score that counts", () => {
  it("weights parts by points and takes the late penalty off", () => {
    expect(
      effectiveScore(
        [
          { points: 2, score: 1 },
          { points: 6, score: 0.5 },
        ],
        0,
      ),
    ).toBeCloseTo(5 / 8);
    expect(
      effectiveScore(
        [
          { points: 2, score: 1 },
          { points: 6, score: 0.5 },
        ],
        0.2,
      ),
    ).toBeCloseTo(0.5);
    expect(effectiveScore([], 0)).toBe(0);
    expect(effectiveScore([{ points: 1, score: 1.5 }], 0)).toBe(1);
  });
});
