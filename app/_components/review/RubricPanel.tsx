"use client";

/**
 * A part's saved comments (rubric) beside the part on the staff submission page: each comment is a
 * toggle button that applies it to this submission or takes it off (one click), with its points and on
 * how many submissions it is applied; folded under it, edit (text and points, for every submission it
 * is applied to), reorder and delete (which asks first when it is applied anywhere). A form at the end
 * adds a comment. Errors name the field (rubric.errors.<code>).
 */
import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import {
  applyRubricAction,
  createRubricAction,
  deleteRubricAction,
  moveRubricAction,
  updateRubricAction,
} from "@/app/(staff)/teach/submissions/[submissionId]/actions";
import type { RubricItemView } from "@/lib/dal/staff-review";
import { IDLE, type ReviewFormState } from "./form-state";
import { signedPoints } from "./signed-points";

function RubricError({ state, testId }: { state: ReviewFormState; testId: string }) {
  const t = useTranslations("rubric");
  if (state.status !== "error") return null;
  const known = t.has(`errors.${state.error}` as never);
  return (
    <p className="alert error" role="alert" data-testid={`${testId}-error`} data-error={state.error} data-field={state.field ?? ""}>
      {known ? t(`errors.${state.error}` as never) : t("errors.other", { code: state.error })}
    </p>
  );
}

/** A comment's text and points with their errors and the submit button: the same fields for a new comment and an edit. */
function ItemFields({
  state,
  text,
  points,
  submit,
  pending,
  testId,
}: {
  state: ReviewFormState;
  text: string;
  points: string;
  submit: string;
  pending: boolean;
  testId: string;
}) {
  const t = useTranslations("rubric");
  const id = useId();
  const values = state.status === "error" ? state.values : {};
  return (
    <>
      <label htmlFor={`${id}-text`}>{t("text")}</label>
      <textarea
        id={`${id}-text`}
        name="text"
        rows={2}
        maxLength={500}
        defaultValue={values.text ?? text}
        aria-invalid={state.status === "error" && state.field === "text"}
      />
      <label htmlFor={`${id}-points`}>{t("pointsLabel")}</label>
      <input
        id={`${id}-points`}
        name="points"
        inputMode="decimal"
        defaultValue={values.points ?? points}
        aria-invalid={state.status === "error" && state.field === "points"}
      />
      <RubricError state={state} testId={testId} />
      <p className="actions">
        <button type="submit" className="button" disabled={pending}>
          {submit}
        </button>
      </p>
    </>
  );
}

function ItemRow({ submissionId, item, first, last }: { submissionId: string; item: RubricItemView; first: boolean; last: boolean }) {
  const t = useTranslations("rubric");
  const [applyState, apply, applying] = useActionState(applyRubricAction, IDLE);
  const [editState, edit, editing] = useActionState(updateRubricAction, IDLE);
  const [deleteState, remove, deleting] = useActionState(deleteRubricAction, IDLE);
  const [, move, moving] = useActionState(moveRubricAction, IDLE);
  return (
    <li className="rubric-item" data-testid={`rubric-item-${item.id}`} data-applied={item.applied}>
      <form action={apply}>
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="itemId" value={item.id} />
        <input type="hidden" name="applied" value={item.applied ? "false" : "true"} />
        <button type="submit" className={`rubric-toggle${item.applied ? " on" : ""}`} aria-pressed={item.applied} disabled={applying}>
          <span className="rubric-points">{signedPoints(item.points)}</span> <span className="rubric-text">{item.text}</span>
        </button>{" "}
        <span className="muted small">{t("uses", { count: item.uses })}</span>
      </form>
      <RubricError state={applyState} testId={`rubric-apply-${item.id}`} />
      <details className="rubric-edit" open={editState.status === "error" || deleteState.status === "error" || undefined}>
        <summary>{t("edit")}</summary>
        <form action={edit} className="review-form" key={editState.seq} noValidate>
          <input type="hidden" name="submissionId" value={submissionId} />
          <input type="hidden" name="itemId" value={item.id} />
          <ItemFields state={editState} text={item.text} points={String(item.points)} submit={t("save")} pending={editing} testId={`rubric-edit-${item.id}`} />
        </form>
        <form action={move} className="rubric-move">
          <input type="hidden" name="submissionId" value={submissionId} />
          <input type="hidden" name="itemId" value={item.id} />
          <button type="submit" name="direction" value="up" disabled={first || moving}>
            {t("up")}
          </button>{" "}
          <button type="submit" name="direction" value="down" disabled={last || moving}>
            {t("down")}
          </button>
        </form>
        <form action={remove} className="rubric-delete">
          <input type="hidden" name="submissionId" value={submissionId} />
          <input type="hidden" name="itemId" value={item.id} />
          {item.uses > 0 ? (
            <label>
              <input type="checkbox" name="confirm" value="yes" required /> {t("confirmDelete", { count: item.uses })}
            </label>
          ) : null}{" "}
          <button type="submit" className="button danger" disabled={deleting}>
            {t("delete")}
          </button>
          <RubricError state={deleteState} testId={`rubric-delete-${item.id}`} />
        </form>
      </details>
    </li>
  );
}

function NewItemForm({ submissionId, partId }: { submissionId: string; partId: string }) {
  const t = useTranslations("rubric");
  const [state, action, pending] = useActionState(createRubricAction, IDLE);
  return (
    <details className="rubric-new" data-testid={`rubric-new-${partId}`} open={state.status === "error" || undefined}>
      <summary>{t("new")}</summary>
      <form action={action} className="review-form" key={state.seq} noValidate>
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="partId" value={partId} />
        <ItemFields state={state} text="" points="" submit={t("add")} pending={pending} testId={`rubric-new-${partId}`} />
      </form>
    </details>
  );
}

export function RubricPanel({
  submissionId,
  partId,
  items,
  overridden,
}: {
  submissionId: string;
  partId: string;
  items: RubricItemView[];
  overridden: boolean;
}) {
  const t = useTranslations("rubric");
  // A part without saved comments takes one line (a TA page has one panel per part); the explanation
  // comes with the first comment, where clicking one is what it is about.
  return (
    <div className={`rubric${items.length === 0 ? " rubric-empty" : ""}`} data-testid={`rubric-${partId}`}>
      <h4>{t("title")}</h4>
      {items.length === 0 ? <span className="muted small">{t("empty")}</span> : <p className="muted small">{t("intro")}</p>}
      {overridden ? (
        <p className="alert" data-testid={`rubric-${partId}-override`}>
          {t("overrideWins")}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="rubric-items">
          {items.map((item, i) => (
            <ItemRow key={`${item.id}-${item.points}-${item.text}`} submissionId={submissionId} item={item} first={i === 0} last={i === items.length - 1} />
          ))}
        </ul>
      ) : null}
      <NewItemForm submissionId={submissionId} partId={partId} />
    </div>
  );
}
