import { getTranslations } from "next-intl/server";
import type { WorkedSolutionView } from "@/lib/problems/worked-solution";

/**
 * The worked solution generated from the graph, shown under the hand-written one once solutions are
 * released (the page gets it only then). Each step is KaTeX rendered on the server.
 */
export async function WorkedSolution({ worked }: { worked: WorkedSolutionView }) {
  const t = await getTranslations("solution");
  return (
    <section className="card" aria-labelledby="worked-solution-title" data-testid="worked-solution">
      <h2 id="worked-solution-title">{t("title")}</h2>
      <p className="muted small" data-testid="worked-graph">
        {worked.own ? t("ownGraph") : t("referenceGraph")}
      </p>
      <h3>{t("forward")}</h3>
      <ol className="prose" data-testid="worked-forward">
        {worked.forwardHtml.map((html, i) => (
          <li key={i} dangerouslySetInnerHTML={{ __html: html }} />
        ))}
      </ol>
      <h3>{t("backward")}</h3>
      <ol className="prose" data-testid="worked-backward">
        {worked.backwardHtml.map((html, i) => (
          <li key={i} dangerouslySetInnerHTML={{ __html: html }} />
        ))}
      </ol>
    </section>
  );
}
