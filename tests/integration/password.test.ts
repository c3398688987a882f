import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/change-password";
import { authorizeCredentials } from "@/lib/auth/options";
import { PEER_HEADER, stampedPeer } from "@/lib/auth/peer-address";
import { addMember } from "@/lib/roster/members";
import { freshDatabase, type TestDatabase } from "../setup/database";
import { demoWorld } from "../setup/fixtures";

let t: TestDatabase;
let world: Awaited<ReturnType<typeof demoWorld>>;
beforeAll(async () => {
  t = await freshDatabase();
  world = await demoWorld(t.db);
});
afterAll(() => t.dispose());

describe("one-time passwords", () => {
  it("an account created by an instructor must choose its own password, which then works and the old one does not", async () => {
    const instructor = world.users.instructor!;
    const added = await addMember(t.db, instructor, world.courses["DL-101"]!.id, { email: "newcomer@uni.test", name: "New Comer", role: "STUDENT" });
    if (added.status !== "ok") throw new Error(JSON.stringify(added));
    const temporary = added.value.temporaryPassword!;
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "newcomer@uni.test" } });
    expect(user.mustChangePassword).toBe(true);

    expect(await changePassword(t.db, user.id, { current: "wrong-one", next: "a-good-password", confirm: "a-good-password" })).toEqual({
      ok: false,
      field: "current",
      problem: "wrong-current",
    });
    expect(await changePassword(t.db, user.id, { current: temporary, next: "short", confirm: "short" })).toEqual({
      ok: false,
      field: "next",
      problem: "too-short",
    });
    expect(await changePassword(t.db, user.id, { current: temporary, next: "a-good-password", confirm: "a-good-passwort" })).toEqual({
      ok: false,
      field: "confirm",
      problem: "mismatch",
    });
    expect(await changePassword(t.db, user.id, { current: temporary, next: temporary, confirm: temporary })).toEqual({
      ok: false,
      field: "next",
      problem: "same",
    });
    expect(await changePassword(t.db, user.id, { current: 5, next: [], confirm: null })).toMatchObject({ ok: false });
    // nothing changed by any refusal
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(user.passwordHash);

    expect(await changePassword(t.db, user.id, { current: temporary, next: "a-good-password", confirm: "a-good-password" })).toMatchObject({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
    const h = { [PEER_HEADER]: stampedPeer("192.0.2.99") };
    expect(await authorizeCredentials({ email: "newcomer@uni.test", password: "a-good-password" }, h, t.db)).toMatchObject({ email: "newcomer@uni.test" });
    expect(await authorizeCredentials({ email: "newcomer@uni.test", password: temporary }, h, t.db)).toBeNull();
  });
});
