"use client";

/**
 * Creating or editing an assignment: its problems (from the shared bank) with points and order and
 * the version each is pinned to, its times (typed in the browser's own time zone, sent as UTC instants), attempts, late policy, release
 * policy, score rule and practice mode. The server checks everything again and answers per field.
 */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AssignmentFormValues, BankChoice } from "@/lib/authoring/assignments";
import type { FieldErrors, Outcome } from "@/lib/validations/form-result";
import { SelectField, TextField } from "./AssignmentFields";
import { AssignmentProblems, type ProblemRow } from "./AssignmentProblems";
import { fromLocalInput, useAssignmentTimes } from "./assignment-times";
import { FieldMessage, FormAlert, invalidProps, refusalCode, useErrorText } from "./form";

export function AssignmentForm({
  courseId,
  assignmentId,
  bank,
  initial,
  save,
}: {
  courseId: string;
  /** The assignment being edited (null for a new one): where moving a problem to a newer version is previewed. */
  assignmentId: string | null;
  bank: BankChoice[];
  initial: AssignmentFormValues | null;
  save: (input: unknown) => Promise<Outcome<unknown>>;
}) {
  const t = useTranslations("authoring.assignment");
  const common = useTranslations("authoring.common");
  const errorText = useErrorText();
  const router = useRouter();

  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [rows, setRows] = useState<ProblemRow[]>(
    initial?.problems.map((p) => ({ problemId: p.problemId, points: String(p.points), submissions: p.submissions, pinned: p.version })) ?? [],
  );
  const { opens, setOpens, due, setDue, lateUntil, setLateUntil, zone } = useAssignmentTimes(initial);
  const [attempts, setAttempts] = useState(initial?.maxAttempts === null || initial === null ? "" : String(initial.maxAttempts));
  const [latePolicy, setLatePolicy] = useState(initial?.latePolicy ?? "REFUSE");
  const [penalty, setPenalty] = useState(String(initial?.latePenaltyPercent ?? 20));
  const [release, setRelease] = useState(initial?.releasePolicy ?? "AFTER_DUE");
  const [scoreRule, setScoreRule] = useState(initial?.scoreRule ?? "BEST");
  const [practice, setPractice] = useState(initial?.practice ?? false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const input = {
      title,
      description,
      problems: rows.map((r) => ({ problemId: r.problemId, points: r.points })),
      opensAt: fromLocalInput(opens),
      dueAt: fromLocalInput(due),
      maxAttempts: attempts,
      latePolicy,
      latePenaltyPercent: latePolicy === "PENALTY" ? penalty : "",
      lateUntil: latePolicy === "REFUSE" ? "" : fromLocalInput(lateUntil),
      releasePolicy: release,
      scoreRule,
      practice,
    };
    try {
      const r = await save(input);
      if (r.status === "ok") {
        router.push(`/teach/courses/${courseId}`);
        router.refresh();
        return;
      }
      setErrors(r.status === "invalid" ? r.errors : { form: refusalCode(r.status) });
    } catch {
      setErrors({ form: { code: "generic" } });
    }
    setPending(false);
  }

  const err = (key: string) => errorText(errors[key]);
  const optionLabel = (id: string) => (o: string) => t(`${id}Option.${o}` as never);
  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="assignment-form">
      <FormAlert errors={errors} />
      <div className="form-grid">
        <div className="wide">
          <TextField id="title" label={t("title")} value={title} onChange={setTitle} error={err("title")} />
        </div>
        <div className="wide">
          <label htmlFor="a-description">{t("description")}</label>
          <textarea
            id="a-description"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            {...invalidProps("a-description", err("description"))}
          />
          <FieldMessage id="a-description-error" error={err("description")} />
        </div>
      </div>

      <AssignmentProblems assignmentId={assignmentId} bank={bank} rows={rows} setRows={setRows} err={err} />

      <fieldset className="plain">
        <legend>{t("times")}</legend>
        <p className="hint" data-testid="time-zone">
          {zone ? t("timeZone", { zone }) : "\u00a0"}
        </p>
        <div className="form-grid">
          <TextField id="opensAt" label={t("opensAt")} value={opens} onChange={setOpens} error={err("opensAt")} type="datetime-local" />
          <TextField id="dueAt" label={t("dueAt")} value={due} onChange={setDue} error={err("dueAt")} type="datetime-local" />
        </div>
      </fieldset>

      <fieldset className="plain">
        <legend>{t("rules")}</legend>
        <div className="form-grid">
          <TextField id="maxAttempts" label={t("maxAttempts")} value={attempts} onChange={setAttempts} error={err("maxAttempts")} hint={t("maxAttemptsHint")} />
          <SelectField
            id="scoreRule"
            label={t("scoreRule")}
            value={scoreRule}
            onChange={setScoreRule}
            options={["BEST", "LATEST"] as const}
            optionLabel={optionLabel("scoreRule")}
            error={err("scoreRule")}
          />
          <SelectField
            id="releasePolicy"
            label={t("releasePolicy")}
            value={release}
            onChange={setRelease}
            options={["IMMEDIATE", "AFTER_DUE", "NEVER"] as const}
            optionLabel={optionLabel("releasePolicy")}
            error={err("releasePolicy")}
            hint={t("releasePolicyHint")}
          />
          <SelectField
            id="latePolicy"
            label={t("latePolicy")}
            value={latePolicy}
            onChange={setLatePolicy}
            options={["REFUSE", "PENALTY", "ACCEPT"] as const}
            optionLabel={optionLabel("latePolicy")}
            error={err("latePolicy")}
          />
          {latePolicy === "PENALTY" ? (
            <TextField
              id="latePenaltyPercent"
              label={t("latePenaltyPercent")}
              value={penalty}
              onChange={setPenalty}
              error={err("latePenaltyPercent")}
              hint={t("latePenaltyHint")}
            />
          ) : null}
          {latePolicy !== "REFUSE" ? (
            <TextField
              id="lateUntil"
              label={t("lateUntil")}
              value={lateUntil}
              onChange={setLateUntil}
              error={err("lateUntil")}
              type="datetime-local"
              hint={t("lateUntilHint")}
            />
          ) : null}
          <div className="wide">
            <label className="choice">
              <input type="checkbox" checked={practice} onChange={(e) => setPractice(e.target.checked)} />
              {t("practice")}
            </label>
            <p className="hint">{t("practiceHint")}</p>
            <FieldMessage id="a-practice-error" error={err("practice")} />
          </div>
        </div>
      </fieldset>

      <div className="actions-row">
        <button className="button" type="submit" disabled={pending}>
          {pending ? common("saving") : initial ? common("save") : t("create")}
        </button>
        <a href={`/teach/courses/${courseId}`}>{common("cancel")}</a>
      </div>
    </form>
  );
}
