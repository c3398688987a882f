"use client";

/**
 * Previous and next submission in the review queue's order, as links and as the j and k keys, with
 * the page's keyboard shortcuts listed. The keys do nothing while the cursor is in a text field (a
 * TA typing a comment must be able to type "j"), or with a modifier held (the browser's own shortcuts).
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest("input, textarea, select, [contenteditable]") !== null;
}

export function QueueKeys({ previous, next }: { previous: string | null; next: string | null }) {
  const t = useTranslations("review.submission");
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const to = e.key === "j" ? next : e.key === "k" ? previous : null;
      if (!to) return;
      e.preventDefault();
      router.push(`/teach/submissions/${to}`);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [previous, next, router]);
  return (
    <>
      <nav aria-label={t("queueNav")} className="row-links queue-keys">
        {previous ? (
          <Link href={`/teach/submissions/${previous}`} data-testid="queue-previous" aria-keyshortcuts="k">
            ← {t("previous")} <kbd>k</kbd>
          </Link>
        ) : (
          <span className="muted">{t("noPrevious")}</span>
        )}
        {next ? (
          <Link href={`/teach/submissions/${next}`} data-testid="queue-next" aria-keyshortcuts="j">
            {t("next")} <kbd>j</kbd> →
          </Link>
        ) : (
          <span className="muted">{t("noNext")}</span>
        )}
      </nav>
      <details className="shortcuts small" data-testid="shortcuts">
        <summary>{t("shortcuts")}</summary>
        <dl>
          <dt>
            <kbd>j</kbd>
          </dt>
          <dd>{t("shortcutNext")}</dd>
          <dt>
            <kbd>k</kbd>
          </dt>
          <dd>{t("shortcutPrevious")}</dd>
          <dt>
            <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>Enter</kbd>
          </dt>
          <dd>{t("shortcutSave")}</dd>
        </dl>
        <p className="muted">{t("shortcutNote")}</p>
      </details>
    </>
  );
}
