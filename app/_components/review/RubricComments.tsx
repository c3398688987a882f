import { useTranslations } from "next-intl";
import type { PartView } from "@/lib/assignments/view-types";
import { signedPoints } from "./signed-points";

/**
 * The saved comments staff applied to a submission, part by part, with the points each adds or takes
 * off: what the student reads on their result page. Nothing when none is applied.
 */
export function RubricComments({ parts }: { parts: readonly PartView[] }) {
  const t = useTranslations("rubric");
  const withComments = parts.map((p, index) => ({ p, index })).filter(({ p }) => (p.rubric?.length ?? 0) > 0);
  if (withComments.length === 0) return null;
  return (
    <section className="card rubric-comments" aria-labelledby="rubric-comments-heading" data-testid="rubric-comments">
      <h2 id="rubric-comments-heading">{t("studentTitle")}</h2>
      {withComments.map(({ p, index }) => (
        <div key={p.id} data-testid={`rubric-comments-${p.id}`}>
          <h3>{t("studentPart", { n: index + 1 })}</h3>
          <ul>
            {p.rubric!.map((r, i) => (
              <li key={i}>
                <span className="rubric-points">{signedPoints(r.points)}</span> {r.text}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
