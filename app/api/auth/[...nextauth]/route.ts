import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { observeRoute } from "@/lib/observability/observe";

// next-auth 4 types the App Router form of NextAuth() as `any`; it is a request handler.
const handler = NextAuth(authOptions) as (req: Request, ctx: unknown) => Promise<Response>;

// Timed under one pattern whatever next-auth's path (signin, callback/credentials, session, …).
export async function GET(request: Request, context: unknown) {
  return observeRoute("GET", "/api/auth/[...nextauth]", request, () => handler(request, context));
}

export async function POST(request: Request, context: unknown) {
  return observeRoute("POST", "/api/auth/[...nextauth]", request, () => handler(request, context));
}
