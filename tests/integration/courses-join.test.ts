import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinCourse } from "@/lib/courses/join";
import { courseSettings, setJoining } from "@/lib/courses/manage";
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

describe("joining with a code", () => {
  it("makes a signed-in person a student, once, whatever the code's case and spacing", async () => {
    const id = world.courses["DL-201"]!.id;
    const code = (await courseSettings(t.db, id)).joinCode!;
    const spaced = `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`;
    const first = await joinCourse(t.db, world.users.student1!, spaced);
    expect(first).toEqual({ status: "ok", value: { courseId: id, code: "DL-201", title: "Advanced Deep Learning", role: "STUDENT", joined: true } });
    const again = await joinCourse(t.db, world.users.student1!, code);
    expect(again).toMatchObject({ status: "ok", value: { joined: false, role: "STUDENT" } });
    expect(await t.db.membership.count({ where: { courseId: id, userId: world.users.student1!.id } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { courseId: id, action: "course.join" } })).toBe(1);
  });

  it("leaves staff in their role", async () => {
    const id = world.courses["DL-201"]!.id;
    const code = (await courseSettings(t.db, id)).joinCode!;
    expect(await joinCourse(t.db, world.users.ta2!, code)).toMatchObject({ status: "ok", value: { role: "TA", joined: false } });
    expect(await joinCourse(t.db, world.users.instructor!, code)).toMatchObject({ status: "ok", value: { role: "INSTRUCTOR", joined: false } });
    expect((await t.db.membership.findFirstOrThrow({ where: { courseId: id, userId: world.users.ta2!.id } })).role).toBe("TA");
  });

  it("refuses a wrong code, a closed course's old code and junk, joining nothing", async () => {
    const id = world.courses["DL-201"]!.id;
    const code = (await courseSettings(t.db, id)).joinCode!;
    await setJoining(t.db, actor(world.users.instructor!), id, { open: false });
    const before = await t.db.membership.count();
    for (const bad of [code, "ZZZZZZZZ", "x".repeat(200), 12345, null]) {
      expect(await joinCourse(t.db, world.users.student2!, bad)).toEqual({ status: "invalid", errors: { code: { code: "joinCodeUnknown" } } });
    }
    expect(await joinCourse(t.db, world.users.student2!, "  ")).toEqual({ status: "invalid", errors: { code: { code: "required" } } });
    expect(await t.db.membership.count()).toBe(before);
  });
});
