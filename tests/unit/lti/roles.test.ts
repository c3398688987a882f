import { describe, expect, it } from "vitest";
import { courseRoleOf } from "@/lib/lti/claims";
import { isAllowedEndpoint } from "@/lib/lti/registration";

const M = "http://purl.imsglobal.org/vocab/lis/v2/membership";

describe("courseRoleOf: LTI context roles to course roles", () => {
  it.each([
    [[`${M}#Instructor`], "INSTRUCTOR"],
    [[`${M}#Learner`], "STUDENT"],
    [[`${M}#Instructor`, `${M}/Instructor#TeachingAssistant`], "TA"],
    [["Instructor"], "INSTRUCTOR"],
    [["Learner"], "STUDENT"],
    [[`${M}#Learner`, `${M}#Instructor`], "INSTRUCTOR"],
    // An institution role says nothing about this course.
    [["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor", `${M}#Learner`], "STUDENT"],
    [["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"], null],
    [[`${M}#Mentor`], null],
    [[], null],
  ])("%j → %s", (roles, role) => {
    expect(courseRoleOf(roles)).toBe(role);
  });
});

describe("isAllowedEndpoint", () => {
  it.each([
    ["https://lms.example/jwks", true],
    ["http://127.0.0.1:8080/jwks", true],
    ["http://localhost/auth", true],
    ["http://lms.example/jwks", false],
    ["http://127.0.0.1.evil.example/jwks", false],
    ["https://lms.example/jwks#frag", false],
    ["javascript:alert(1)", false],
    ["", false],
  ])("%s → %s", (url, ok) => {
    expect(isAllowedEndpoint(url)).toBe(ok);
  });
});
