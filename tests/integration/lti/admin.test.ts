/**
 * The LMS registrations page's server side (lib/lti/admin.ts): site admins only, the CLI's
 * validation with each error on its field, and every change audited with who made it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteRegistration, registerFromForm, rotateToolKeys, updateFromForm, urlsForLms } from "@/lib/lti/admin";
import { publishedJwks } from "@/lib/lti/keys";
import { freshDatabase, type TestDatabase } from "../../setup/database";

let t: TestDatabase;
const admin = { id: "", isSiteAdmin: true };
const teacher = { id: "", isSiteAdmin: false };

const form = {
  issuer: "https://canvas.instructure.com",
  clientId: "10000000000042",
  deploymentIds: "42:abc\n43:def, 42:abc",
  authUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
  tokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
  jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
  lmsOrigins: "https://school.instructure.com/courses/1",
};

beforeAll(async () => {
  t = await freshDatabase();
  admin.id = (await t.db.user.create({ data: { email: "root@uni.example", name: "Root", passwordHash: "", isSiteAdmin: true } })).id;
  teacher.id = (await t.db.user.create({ data: { email: "teach@uni.example", name: "Teach", passwordHash: "" } })).id;
});
afterAll(() => t.dispose());

describe("LMS registrations page", () => {
  it("refuses everyone but site admins, and changes nothing", async () => {
    expect(await registerFromForm(teacher, form, t.db)).toEqual({ status: "forbidden" });
    expect(await rotateToolKeys(teacher, t.db)).toEqual({ status: "forbidden" });
    expect(await t.db.ltiPlatform.count()).toBe(0);
  });

  it("puts each validation error on its field", async () => {
    const r = await registerFromForm(
      admin,
      { ...form, issuer: "http://lms.example.edu", deploymentIds: "  ", jwksUrl: "https://u:p@lms.example.edu/jwks" },
      t.db,
    );
    expect(r).toEqual({ status: "invalid", errors: { issuer: { code: "issuer" }, deploymentIds: { code: "deploymentIds" }, jwksUrl: { code: "jwksUrl" } } });
    expect(await t.db.ltiPlatform.count()).toBe(0);
  });

  it("answers a body that is not a form (a list, a number) with a form error, never a throw", async () => {
    for (const bad of [[], 7, "issuer"]) {
      expect(await registerFromForm(admin, bad, t.db)).toEqual({ status: "invalid", errors: { form: { code: "form" } } });
      expect(await updateFromForm(admin, "no-such-registration", bad, t.db)).toEqual({ status: "invalid", errors: { form: { code: "form" } } });
    }
    expect(await t.db.ltiPlatform.count()).toBe(0);
  });

  it("registers from the form (lists split, duplicates dropped, origins reduced to origins), audited with the admin", async () => {
    const r = await registerFromForm(admin, form, t.db);
    expect(r.status).toBe("ok");
    const row = await t.db.ltiPlatform.findFirstOrThrow();
    expect(row.deploymentIds).toEqual(["42:abc", "43:def"]);
    expect(row.lmsOrigins).toEqual(["https://school.instructure.com"]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.platform.register" } });
    expect(audit.actorId).toBe(admin.id);
  });

  it("edits deployment ids and deletes, audited; a non-admin cannot", async () => {
    const { id } = await t.db.ltiPlatform.findFirstOrThrow();
    expect(await updateFromForm(teacher, id, { deploymentIds: "x", lmsOrigins: "" }, t.db)).toEqual({ status: "forbidden" });
    expect(await updateFromForm(admin, id, { deploymentIds: "", lmsOrigins: "" }, t.db)).toEqual({
      status: "invalid",
      errors: { deploymentIds: { code: "deploymentIds" } },
    });
    expect((await updateFromForm(admin, id, { deploymentIds: "44:ghi", lmsOrigins: "" }, t.db)).status).toBe("ok");
    expect((await t.db.ltiPlatform.findUniqueOrThrow({ where: { id } })).deploymentIds).toEqual(["44:ghi"]);
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.platform.update", entityId: id } })).toMatchObject({ actorId: admin.id });
    expect(await deleteRegistration(teacher, id, t.db)).toEqual({ status: "forbidden" });
    expect(await deleteRegistration(admin, id, t.db)).toEqual({ status: "ok", value: { id } });
    expect(await deleteRegistration(admin, id, t.db)).toEqual({ status: "not-found" });
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.platform.delete", entityId: id } })).toMatchObject({ actorId: admin.id });
  });

  it("rotating keys publishes a new current kid, audited with the admin", async () => {
    const before = (await publishedJwks(t.db)).keys.map((k) => k.kid);
    const r = await rotateToolKeys(admin, t.db);
    if (r.status !== "ok") throw new Error(r.status);
    const after = (await publishedJwks(t.db)).keys.map((k) => k.kid);
    expect(after[0]).toBe(r.value.kid);
    expect(before).not.toContain(r.value.kid);
    expect(await t.db.auditLog.findFirstOrThrow({ where: { action: "lti.keys.rotate", entityId: r.value.kid } })).toMatchObject({ actorId: admin.id });
  });

  it("the URLs for the LMS come from the public address; deep linking uses the launch URL", () => {
    expect(urlsForLms("http://internal:3000/lti", { NEXTAUTH_URL: "https://chainrule.uni.example" })).toEqual({
      loginUrl: "https://chainrule.uni.example/api/lti/login",
      launchUrl: "https://chainrule.uni.example/api/lti/launch",
      deepLinkingUrl: "https://chainrule.uni.example/api/lti/launch",
      jwksUrl: "https://chainrule.uni.example/api/lti/jwks",
    });
  });
});
