import { useTranslations } from "next-intl";
import type { PartSpecView, PartView } from "@/lib/assignments/view-types";
import { answerText, type AnnotationEntries } from "@/lib/graph-view/fields";
import type { GraphStructure } from "@/lib/graph-view/structure";
import { AnnotatedGraph } from "@/app/_components/graph/AnnotatedGraph";
import { AnswerField } from "./AnswerField";
import { ExpressionField } from "./ExpressionField";
import { ConstructionFeedback, PartVerdictBadge } from "./Feedback";
import { GraphEditor } from "./GraphEditor";

/** "Check my graph" for a graph-construction part: whether it runs, its own last answer, and why it was refused. */
export type GraphCheck = { running: boolean; part: PartView | undefined; refusal: string | undefined; run: () => void };

/**
 * One part of the problem: its prompt, the input its kind asks for, the feedback it got, and its hints.
 * `answers` holds every part's answer because an annotation part may annotate another part's graph.
 */
export function PartCard(props: {
  part: PartSpecView;
  index: number;
  answer: unknown;
  feedback: PartView | undefined;
  onChange: (value: unknown) => void;
  check: GraphCheck;
  /** The student's own graph for an annotation part, once it may be annotated (see useGraphChecks). */
  ownStructure: (constructionId: string) => GraphStructure | null;
  fileName: string;
  readOnly: boolean | undefined;
}) {
  const { part, feedback: fb, answer, onChange, readOnly } = props;
  const t = useTranslations("problem");
  return (
    <section className="card part" aria-labelledby={`part-${part.id}-title`} data-testid={`part-${part.id}`}>
      <h2 id={`part-${part.id}-title`}>
        {t("part", { n: props.index + 1 })} <span className="muted">· {t("points", { points: part.points })}</span>
      </h2>
      <div className="prose" dangerouslySetInnerHTML={{ __html: part.promptHtml }} />
      {part.precision ? (
        <p className="muted small precision" data-testid={`precision-${part.id}`}>
          {part.precision}
        </p>
      ) : null}
      {fb ? <PartVerdictBadge part={fb} /> : null}
      {part.kind === "numeric" || part.kind === "vector" ? (
        <AnswerField
          label={t("answerLabel")}
          value={answerText(answer)}
          onChange={onChange}
          feedback={fb && (fb.kind === "numeric" || fb.kind === "vector") ? fb.field : undefined}
          testId={`answer-${part.id}`}
          disabled={readOnly}
        />
      ) : null}
      {part.kind === "expression" ? (
        <ExpressionField
          value={answerText(answer)}
          variables={part.variables ?? []}
          onChange={onChange}
          message={fb && fb.kind === "expression" ? fb.message : null}
          testId={`answer-${part.id}`}
          disabled={readOnly}
        />
      ) : null}
      {part.kind === "graph-construction" ? <ConstructionInput {...props} /> : null}
      {part.kind === "graph-annotation" ? <AnnotationInput {...props} /> : null}
      {fb && fb.kind === "graph-annotation" && fb.message ? <p className="muted">{fb.message}</p> : null}
      {part.hintsHtml.length ? (
        <details className="hints" open>
          <summary>{t("hints")}</summary>
          {part.hintsHtml.map((h, i) => (
            <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: h }} />
          ))}
        </details>
      ) : null}
    </section>
  );
}

/** The graph editor (starting from the part's starter graph), its check button and what the check said. */
function ConstructionInput({ part, answer, feedback, onChange, check, readOnly }: Parameters<typeof PartCard>[0]) {
  const t = useTranslations("problem");
  return (
    <>
      <GraphEditor
        partId={part.id}
        value={answer == null ? (part.starter ?? "") : answerText(answer)}
        onChange={onChange}
        ban={part.ban ?? []}
        disabled={readOnly}
      />
      {readOnly ? null : (
        <button type="button" className="button secondary" disabled={check.running} onClick={check.run}>
          {check.running ? t("editor.checking") : t("editor.check")}
        </button>
      )}
      {check.refusal ? (
        <p className="alert error" data-testid={`check-refused-${part.id}`} role="alert">
          {check.refusal}
        </p>
      ) : null}
      <ConstructionFeedback partId={part.id} part={check.part ?? feedback} />
    </>
  );
}

/**
 * The graph to annotate: the reference graph, or the student's own (as graded, on a past attempt; else
 * once checked), or a note that it unlocks later.
 */
function AnnotationInput({ part, answer, feedback: fb, onChange, ownStructure, fileName, readOnly }: Parameters<typeof PartCard>[0]) {
  const t = useTranslations("problem");
  const own = fb && fb.kind === "graph-annotation" && readOnly ? fb.structure : null;
  const structure = part.graph === "reference" ? part.structure : (own ?? (part.graph ? ownStructure(part.graph) : null));
  if (!structure) return <p className="muted">{t("editor.lockedAnnotation")}</p>;
  return (
    <AnnotatedGraph
      partId={part.id}
      structure={structure}
      fields={part.fields ?? []}
      nodes={part.graph === "reference" ? part.nodes : undefined}
      entries={(answer as AnnotationEntries | undefined) ?? { nodes: {} }}
      onChange={onChange}
      feedback={fb && fb.kind === "graph-annotation" ? fb.fields : undefined}
      fileName={`${fileName}-${part.id}`}
      readOnly={readOnly}
    />
  );
}
