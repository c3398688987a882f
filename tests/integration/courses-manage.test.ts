import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courseForJoinCode } from "@/lib/courses/join";
import { courseSettings, createCourse, regenerateJoinCode, setJoining, updateCourse } from "@/lib/courses/manage";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
const actor = (u: { id: string; isSiteAdmin: boolean }) => ({ id: u.id, isSiteAdmin: u.isSiteAdmin });

beforeAll(async () => {
  t = await freshDatabase();
  world = await demoWorld(t.db);
});
afterAll(() => t.dispose());

describe("creating a course", () => {
  it("makes the creator its instructor, with a variant secret, an open join code and an audit entry", async () => {
    const r = await createCourse(t.db, actor(world.users.instructor!), { code: " ml-301 ", title: "Machine Learning", term: "Spring 2027" });
    if (r.status !== "ok") throw new Error(JSON.stringify(r));
    const course = await t.db.course.findUniqueOrThrow({ where: { id: r.value.courseId }, include: { memberships: true } });
    expect(course).toMatchObject({ code: "ML-301", title: "Machine Learning", term: "Spring 2027" });
    expect(course.variantSecret.length).toBeGreaterThanOrEqual(40);
    expect(course.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(course.memberships).toEqual([expect.objectContaining({ userId: world.users.instructor!.id, role: "INSTRUCTOR" })]);
    const audit = await t.db.auditLog.findMany({ where: { entityId: course.id } });
    expect(audit).toEqual([expect.objectContaining({ action: "course.create", actorId: world.users.instructor!.id, courseId: course.id })]);
    expect(audit[0]!.after).toEqual({ code: "ML-301", title: "Machine Learning", term: "Spring 2027" });
  });

  it("refuses a code another course has, whatever its case, and changes nothing", async () => {
    const before = await t.db.course.count();
    const r = await createCourse(t.db, actor(world.users.admin!), { code: "dl-101", title: "Copy", term: "" });
    expect(r).toEqual({ status: "invalid", errors: { code: { code: "courseCodeTaken" } } });
    expect(await t.db.course.count()).toBe(before);
  });

  it("names every bad field and creates nothing on bad input", async () => {
    const before = await t.db.course.count();
    const r = await createCourse(t.db, actor(world.users.admin!), { code: "has space", title: "", term: "x".repeat(101) });
    expect(r).toEqual({
      status: "invalid",
      errors: { code: { code: "courseCodeFormat" }, title: { code: "required", values: { min: 1 } }, term: { code: "tooLong", values: { max: 100 } } },
    });
    const wrongTypes = await createCourse(t.db, actor(world.users.admin!), { code: 7, title: ["x"] });
    expect(wrongTypes.status === "invalid" && Object.keys(wrongTypes.errors).sort()).toEqual(["code", "title"]);
    const tooLong = await createCourse(t.db, actor(world.users.admin!), { code: "A".repeat(33), title: "t".repeat(201) });
    expect(tooLong.status === "invalid" && tooLong.errors).toEqual({
      code: { code: "tooLong", values: { max: 32 } },
      title: { code: "tooLong", values: { max: 200 } },
    });
    expect(await createCourse(t.db, actor(world.users.admin!), null)).toMatchObject({ status: "invalid" });
    expect(await t.db.course.count()).toBe(before);
  });

  it("is for site admins and instructors only", async () => {
    for (const who of ["student1", "ta", "ta2"]) {
      expect(await createCourse(t.db, actor(world.users[who]!), { code: `X-${who}`, title: "Nope" })).toEqual({ status: "forbidden" });
    }
    const byAdmin = await createCourse(t.db, actor(world.users.admin!), { code: "ADMIN-1", title: "Admin's course" });
    expect(byAdmin.status).toBe("ok");
  });
});

describe("editing a course", () => {
  it("changes code, title and term, auditing before and after", async () => {
    const id = world.courses["DL-201"]!.id;
    const r = await updateCourse(t.db, actor(world.users.instructor!), id, { code: "dl-202", title: "Advanced DL", term: "Spring" });
    expect(r).toEqual({ status: "ok", value: { changed: true } });
    expect(await courseSettings(t.db, id)).toMatchObject({ code: "DL-202", title: "Advanced DL", term: "Spring" });
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { entityId: id, action: "course.update" } });
    expect(entry.before).toEqual({ code: "DL-201", title: "Advanced Deep Learning", term: "Autumn 2026" });
    expect(entry.after).toEqual({ code: "DL-202", title: "Advanced DL", term: "Spring" });
    const same = await updateCourse(t.db, actor(world.users.instructor!), id, { code: "DL-202", title: "Advanced DL", term: "Spring" });
    expect(same).toEqual({ status: "ok", value: { changed: false } });
    expect(await t.db.auditLog.count({ where: { entityId: id, action: "course.update" } })).toBe(1);
  });

  it("refuses another course's code, bad input, TAs, staff of other courses and unknown courses", async () => {
    const id = world.courses["DL-101"]!.id;
    expect(await updateCourse(t.db, actor(world.users.instructor!), id, { code: "DL-202", title: "x" })).toEqual({
      status: "invalid",
      errors: { code: { code: "courseCodeTaken" } },
    });
    expect(await updateCourse(t.db, actor(world.users.instructor!), id, { code: "DL-101", title: "  " })).toMatchObject({
      status: "invalid",
      errors: { title: { code: "required" } },
    });
    expect(await updateCourse(t.db, actor(world.users.ta!), id, { code: "DL-101", title: "Mine now" })).toEqual({ status: "forbidden" });
    expect(await updateCourse(t.db, actor(world.users.ta2!), id, { code: "DL-101", title: "Mine now" })).toEqual({ status: "forbidden" });
    expect(await updateCourse(t.db, actor(world.users.instructor!), "nosuchcourse1", { code: "Z", title: "z" })).toEqual({ status: "not-found" });
    expect((await courseSettings(t.db, id)).title).toBe("Deep Learning");
  });

  it("regenerates the join code, closes and reopens joining, each audited", async () => {
    const id = world.courses["DL-101"]!.id;
    const old = (await courseSettings(t.db, id)).joinCode!;
    const r = await regenerateJoinCode(t.db, actor(world.users.instructor!), id);
    if (r.status !== "ok") throw new Error(r.status);
    expect(r.value.joinCode).not.toBe(old);
    expect(await courseForJoinCode(t.db, old)).toBeNull();
    expect((await courseForJoinCode(t.db, r.value.joinCode.toLowerCase()))?.id).toBe(id);
    expect(await setJoining(t.db, actor(world.users.instructor!), id, { open: false })).toEqual({ status: "ok", value: { joinCode: null } });
    expect((await courseSettings(t.db, id)).joinCode).toBeNull();
    const reopened = await setJoining(t.db, actor(world.users.instructor!), id, { open: true });
    expect(reopened.status === "ok" && reopened.value.joinCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(await setJoining(t.db, actor(world.users.instructor!), id, { open: "yes" })).toMatchObject({ status: "invalid" });
    expect(await regenerateJoinCode(t.db, actor(world.users.ta!), id)).toEqual({ status: "forbidden" });
    const actions = (await t.db.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["course.joinCode", "course.joining.close", "course.joining.open"]);
  });
});
