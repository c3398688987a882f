/**
 * The session decoded once per request: proxy.ts seals the claims it decoded (lib/auth/request-claims.ts)
 * and lib/session.ts opens them instead of decoding the cookie again. A seal opens only under the
 * key of the process that made it, and only for the claims it was made for; the proxy never passes
 * on a client's own header.
 */
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { SESSION_CLAIMS_HEADER, newClaimsKey, openClaims, sealClaims } from "@/lib/auth/request-claims";
import { authSecret } from "@/lib/auth/secret";
import { claimsFor, SESSION_MAX_AGE_SECONDS, sessionCookieName } from "@/lib/auth/session-cookie";
import { proxy } from "@/proxy";

describe("sealed session claims", () => {
  it("open to exactly the claims they were sealed with", async () => {
    const sealed = await sealClaims({ uid: "cmabc123", sv: 4 });
    expect(sealed).toMatch(/^cmabc123\.4\.[A-Za-z0-9_-]{43}$/);
    expect(await openClaims(sealed)).toEqual({ uid: "cmabc123", sv: 4 });
  });

  it("refuse a seal moved to other claims, a changed mac, another key's seal, and junk", async () => {
    const sealed = (await sealClaims({ uid: "student1", sv: 1 }))!;
    const mac = sealed.split(".")[2]!;
    expect(await openClaims(`admin1.1.${mac}`)).toBeNull();
    expect(await openClaims(`student1.2.${mac}`)).toBeNull();
    const flipped = mac.slice(0, -2) + (mac.at(-2) === "A" ? "B" : "A") + mac.at(-1);
    expect(await openClaims(`student1.1.${flipped}`)).toBeNull();
    const other = await sealClaims({ uid: "student1", sv: 1 }, newClaimsKey());
    expect(other).not.toBe(sealed);
    expect(await openClaims(other)).toBeNull();
    for (const junk of [null, undefined, "", "student1.1", "student1.x.abc", `a b.1.${mac}`, `student1.1.${mac}=`]) {
      expect(await openClaims(junk)).toBeNull();
    }
  });

  it("seal nothing for claims that are not a plain id and version", async () => {
    expect(await sealClaims({ uid: "a.b", sv: 1 })).toBeNull();
    expect(await sealClaims({ uid: "u1", sv: 1.5 })).toBeNull();
    expect(await sealClaims({ uid: "u1", sv: -1 })).toBeNull();
    expect(await sealClaims({ uid: 7, sv: 1 })).toBeNull();
    expect(await sealClaims({})).toBeNull();
  });
});

describe("proxy.ts passes on the session it decoded, and only that", () => {
  const cookie = async (uid: string, sv: number) =>
    `${sessionCookieName(false)}=${await encode({
      token: claimsFor({ id: uid, name: "N", email: `${uid}@example.test`, sessionVersion: sv }),
      secret: authSecret(),
      maxAge: SESSION_MAX_AGE_SECONDS,
    })}`;
  const passed = (r: Response) => r.headers.get(`x-middleware-request-${SESSION_CLAIMS_HEADER}`);

  it("seals the cookie's claims, replacing a header the client forged", async () => {
    const forged = await sealClaims({ uid: "admin1", sv: 1 }, newClaimsKey());
    const r = await proxy(
      new NextRequest("http://localhost:3000/dashboard", { headers: { cookie: await cookie("student7", 3), [SESSION_CLAIMS_HEADER]: forged! } }),
    );
    expect(await openClaims(passed(r))).toEqual({ uid: "student7", sv: 3 });
  });

  it("passes no claims on a public path, even when the client sent some", async () => {
    const forged = await sealClaims({ uid: "admin1", sv: 1 });
    const r = await proxy(new NextRequest("http://localhost:3000/api/health", { headers: { [SESSION_CLAIMS_HEADER]: forged! } }));
    expect(r.headers.get("x-middleware-override-headers")?.split(",")).not.toContain(SESSION_CLAIMS_HEADER);
    expect(passed(r)).toBeNull();
  });
});
