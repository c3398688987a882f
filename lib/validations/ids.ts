import { z } from "zod";

/** Ids are cuids: short, lowercase alphanumerics. Anything else is refused before a query runs. */
const id = (what: string) => z.string({ error: `${what} id must be a string` }).regex(/^[a-z0-9]{8,40}$/, `${what} id is malformed`);

export const courseIdSchema = id("course");
export const assignmentIdSchema = id("assignment");
export const submissionIdSchema = id("submission");
export const userIdSchema = id("user");
export const problemIdSchema = id("problem");
