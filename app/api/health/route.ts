import { pingDatabase } from "@/lib/dal/api";

export const dynamic = "force-dynamic";

/** Liveness with a real database round trip: 200 {"status":"ok","db":"ok"}, or 503 naming what failed. */
export async function GET() {
  try {
    await pingDatabase();
    return Response.json({ status: "ok", db: "ok" });
  } catch {
    return Response.json({ status: "error", db: "unreachable" }, { status: 503 });
  }
}
