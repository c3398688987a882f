import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/** Liveness with a real database round trip: 200 {"status":"ok","db":"ok"}, or 503 naming what failed. */
export async function GET() {
  try {
    const rows = await getDb().$queryRaw<{ ok: bigint | number }[]>`SELECT 1 AS ok`;
    if (Number(rows[0]?.ok) !== 1) throw new Error("unexpected answer");
    return Response.json({ status: "ok", db: "ok" });
  } catch {
    return Response.json({ status: "error", db: "unreachable" }, { status: 503 });
  }
}
