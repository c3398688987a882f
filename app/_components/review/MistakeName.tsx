/** A named mistake by its code, with its name in the reader's language when it is one of the built-in ones. */
import { useTranslations } from "next-intl";

export function MistakeName({ code }: { code: string }) {
  const t = useTranslations("review.mistakes");
  const key = `names.${code}`;
  return (
    <span className="mistake" data-mistake={code}>
      {t.has(key) ? (
        <>
          {t(key as "names.sign-flip")} <code className="small">{code}</code>
        </>
      ) : (
        <code>{code}</code>
      )}
    </span>
  );
}
