/**
 * `lti register|list|rotate-keys` on a real database, and the tool's keys as /api/lti/jwks
 * publishes them: generated on first use, the rotated-out key still published until retired, and
 * a token signed with either verifying against the published set.
 */
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { currentSigningKey, RETIRE_AFTER_MS, rotateKeys } from "@/lib/lti/keys";
import { cli } from "../../unit/cli/fake-io";
import { freshDatabase, type TestDatabase } from "../../setup/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  vi.stubEnv("DATABASE_URL", t.url);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await t.dispose();
});

const REGISTER = [
  "lti",
  "register",
  "--issuer",
  "https://canvas.uni.example",
  "--client-id",
  "10000000000042",
  "--deployment-id",
  "1:abc",
  "--deployment-id",
  "2:def",
  "--auth-url",
  "https://canvas.uni.example/api/lti/authorize_redirect",
  "--token-url",
  "https://canvas.uni.example/login/oauth2/token",
  "--jwks-url",
  "https://canvas.uni.example/api/lti/security/jwks",
];

function withFlag(flag: string, value: string): string[] {
  const args = [...REGISTER];
  args[args.indexOf(flag) + 1] = value;
  return args;
}

describe("lti register / list", () => {
  it("registers a platform with repeated deployment ids, audits it, and lists it", async () => {
    const out = await cli([...REGISTER, "--json"]);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ created: true, platform: { clientId: "10000000000042", deploymentIds: ["1:abc", "2:def"] } });
    const row = await t.db.ltiPlatform.findUniqueOrThrow({ where: { issuer_clientId: { issuer: "https://canvas.uni.example", clientId: "10000000000042" } } });
    expect(await t.db.auditLog.count({ where: { action: "lti.platform.register", entityId: row.id } })).toBe(1);
    const list = await cli(["lti", "list", "--json"]);
    expect(JSON.parse(list.stdout).platforms.map((p: { issuer: string }) => p.issuer)).toEqual(["https://canvas.uni.example"]);
  });

  it("registering the same issuer and client id again updates it and keeps its deployments", async () => {
    const out = await cli([...withFlag("--deployment-id", "3:ghi"), "--json"]);
    expect(JSON.parse(out.stdout)).toMatchObject({ created: false, platform: { deploymentIds: ["1:abc", "2:def", "3:ghi"] } });
    expect(await t.db.ltiPlatform.count()).toBe(1);
  });

  it.each([
    ["--issuer", "http://canvas.uni.example", /--issuer: issuer must be an https URL/],
    ["--auth-url", "not a url", /--auth-url: auth URL must be an https URL/],
    ["--jwks-url", "https://user:pw@lms.example/jwks", /--jwks-url: JWKS URL must be .*without credentials/],
    ["--token-url", "ftp://lms.example/token", /--token-url: token URL must be an https URL/],
  ])("refuses %s %s, naming the flag", async (flag, value, message) => {
    const out = await cli(withFlag(flag, value));
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(message);
  });

  it("accepts plain http on 127.0.0.1 and localhost only", async () => {
    const local = await cli(withFlag("--issuer", "http://127.0.0.1:8123"));
    expect(local.status).toBe(0);
    const out = await cli(withFlag("--issuer", "http://10.0.0.1:8123"));
    expect(out.status).toBe(1);
  });

  it("needs every flag: a missing one is named", async () => {
    const args = REGISTER.filter((_, i) => i !== REGISTER.indexOf("--token-url") && i !== REGISTER.indexOf("--token-url") + 1);
    const out = await cli(args);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("--token-url is required");
  });
});

describe("the tool's keys and /api/lti/jwks", () => {
  async function jwks() {
    vi.resetModules();
    (globalThis as { chainruleDb?: unknown }).chainruleDb = undefined;
    const { GET } = await import("@/app/api/lti/jwks/route");
    const res = await GET(new Request("http://127.0.0.1/api/lti/jwks"));
    expect(res.status).toBe(200);
    return (await res.json()) as { keys: { kid: string; kty: string; alg: string; use: string; n: string; e: string; d?: string }[] };
  }

  async function signedBy(kid: string | null = null) {
    const key = await currentSigningKey(t.db);
    expect(kid === null || key.kid === kid).toBe(true);
    return new SignJWT({ hello: "lms" }).setProtectedHeader({ alg: "RS256", kid: key.kid }).setIssuedAt().setExpirationTime("5m").sign(key.privateKey);
  }

  it("makes a key on first use and publishes only its public part", async () => {
    expect(await t.db.ltiKey.count()).toBe(0);
    const set = await jwks();
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
    expect(set.keys[0]!.d).toBeUndefined();
    const token = await signedBy(set.keys[0]!.kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(set as never));
    expect(payload.hello).toBe("lms");
  });

  it("rotate-keys: the new key signs, the old one stays published so its tokens still verify, until retired", async () => {
    const oldToken = await signedBy();
    const [oldKid] = (await jwks()).keys.map((k) => k.kid);
    const out = await cli(["lti", "rotate-keys", "--json"]);
    expect(out.status).toBe(0);
    const { kid: newKid, retired } = JSON.parse(out.stdout) as { kid: string; retired: string[] };
    expect(retired).toEqual([]);
    expect((await currentSigningKey(t.db)).kid).toBe(newKid);
    const set = await jwks();
    expect(set.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    await expect(jwtVerify(oldToken, createLocalJWKSet(set as never))).resolves.toBeTruthy();

    // A week later the next rotation retires the key rotated out a week before.
    const later = await rotateKeys(t.db, { now: new Date(Date.now() + RETIRE_AFTER_MS + 1000) });
    expect(later.retired).toEqual([oldKid]);
    const after = await jwks();
    expect(after.keys.map((k) => k.kid)).toEqual([later.kid, newKid]);
    await expect(jwtVerify(oldToken, createLocalJWKSet(after as never))).rejects.toThrow(/no applicable key/i);
    expect(await t.db.auditLog.count({ where: { action: "lti.keys.rotate" } })).toBe(2);
  });
});
