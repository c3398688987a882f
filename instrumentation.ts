/**
 * Runs once when the Next server starts (in the Node.js runtime): records each request's socket
 * address in a header of its own, so sign-in can tell the real peer from a forged X-Forwarded-For
 * (lib/auth/peer-address.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressHeader } = await import("./lib/auth/peer-address");
  installPeerAddressHeader();
}
