import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// next-auth 4 types the App Router form of NextAuth() as `any`; it is a request handler.
const handler = NextAuth(authOptions) as (req: Request, ctx: unknown) => Promise<Response>;

export { handler as GET, handler as POST };
