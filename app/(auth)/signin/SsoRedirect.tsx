"use client";

import { signIn } from "next-auth/react";
import { useEffect, useRef } from "react";

/**
 * Starts the single sign-on flow on arrival: next-auth posts its CSRF token, then sends the browser
 * to the provider. The sign-in page links here rather than holding a second "Sign in…" button, so
 * the password form's button stays the only button of that name.
 */
export function SsoRedirect({ providerId, callbackUrl, text }: { providerId: string; callbackUrl: string; text: string }) {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signIn(providerId, { callbackUrl });
  }, [providerId, callbackUrl]);
  return (
    <p role="status" data-testid="sso-redirecting">
      {text}
    </p>
  );
}
