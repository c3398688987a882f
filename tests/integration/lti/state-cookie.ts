/**
 * The cookies login initiation set (lib/lti/browser-binding.ts binds the launch's state to them), as
 * the browser that started the launch sends them back with the platform's form post.
 */
export function stateCookie(login: Response): string {
  return login.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .join("; ");
}
