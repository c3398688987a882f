"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { FieldErrors } from "@/lib/validations/form-result";
import { deletePlatformAction, registerPlatformAction, rotateKeysAction, updatePlatformAction } from "./actions";

type Status = "idle" | "pending" | "done" | "failed";

const FIELDS = ["issuer", "clientId", "deploymentIds", "authUrl", "tokenUrl", "jwksUrl", "lmsOrigins"] as const;
type Field = (typeof FIELDS)[number];
const MULTILINE = new Set<Field>(["deploymentIds", "lmsOrigins"]);

function FieldInput({ prefix, name, errors, defaultValue }: { prefix: string; name: Field; errors: FieldErrors; defaultValue?: string }) {
  const t = useTranslations("ltiAdmin");
  const id = `${prefix}-${name}`;
  const error = errors[name];
  const common = {
    id,
    name,
    defaultValue,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : `${id}-hint`,
  } as const;
  return (
    <div className="field" data-field={name}>
      <label htmlFor={id}>{t(`fields.${name}`)}</label>
      {MULTILINE.has(name) ? <textarea rows={2} {...common} /> : <input type="text" {...common} required={name !== "lmsOrigins"} />}
      <p className="small muted" id={`${id}-hint`}>
        {t(`hints.${name}`)}
      </p>
      {error ? (
        <p className="field-error" role="alert" id={`${id}-error`} data-testid={`error-${name}`}>
          {t(`errors.${name}`)}
        </p>
      ) : null}
    </div>
  );
}

function useSubmit() {
  const router = useRouter();
  const [status, setStatus] = useState<Status>("idle");
  const [errors, setErrors] = useState<FieldErrors>({});
  async function run(action: () => Promise<{ status: string; errors?: FieldErrors }>) {
    setStatus("pending");
    try {
      const r = await action();
      setErrors(r.status === "invalid" ? (r.errors ?? {}) : {});
      setStatus(r.status === "ok" ? "done" : "failed");
      if (r.status === "ok") router.refresh();
    } catch {
      setStatus("failed");
    }
  }
  return { status, errors, run };
}

const formValues = (e: FormEvent<HTMLFormElement>) => Object.fromEntries(new FormData(e.currentTarget).entries());

export function RegisterPlatformForm() {
  const t = useTranslations("ltiAdmin");
  const { status, errors, run } = useSubmit();
  return (
    <form
      data-testid="register-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const values = formValues(e);
        void run(() => registerPlatformAction(values));
      }}
    >
      {FIELDS.map((name) => (
        <FieldInput key={name} prefix="register" name={name} errors={errors} />
      ))}
      <button className="button" type="submit" disabled={status === "pending"}>
        {t("registerButton")}
      </button>
      {status === "done" ? (
        <p role="status" data-testid="registered">
          {t("registered")}
        </p>
      ) : null}
      {status === "failed" && Object.keys(errors).length === 0 ? (
        <p className="field-error" role="alert">
          {t("failed")}
        </p>
      ) : null}
    </form>
  );
}

export function EditPlatformForm({ id, deploymentIds, lmsOrigins }: { id: string; deploymentIds: string[]; lmsOrigins: string[] }) {
  const t = useTranslations("ltiAdmin");
  const { status, errors, run } = useSubmit();
  return (
    <form
      data-testid="edit-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const values = formValues(e);
        void run(() => updatePlatformAction(id, values));
      }}
    >
      <FieldInput prefix={`edit-${id}`} name="deploymentIds" errors={errors} defaultValue={deploymentIds.join("\n")} />
      <FieldInput prefix={`edit-${id}`} name="lmsOrigins" errors={errors} defaultValue={lmsOrigins.join("\n")} />
      <button className="button secondary" type="submit" disabled={status === "pending"}>
        {t("save")}
      </button>
      {status === "done" ? <p role="status">{t("saved")}</p> : null}
    </form>
  );
}

export function DeletePlatformButton({ id, issuer }: { id: string; issuer: string }) {
  const t = useTranslations("ltiAdmin");
  const { status, run } = useSubmit();
  return (
    <>
      <button
        type="button"
        className="link-button"
        disabled={status === "pending"}
        onClick={() => {
          if (window.confirm(t("deleteConfirm", { issuer }))) void run(() => deletePlatformAction(id));
        }}
      >
        {t("delete")}
        <span className="visually-hidden"> {issuer}</span>
      </button>
      {status === "failed" ? (
        <p className="field-error" role="alert">
          {t("failed")}
        </p>
      ) : null}
    </>
  );
}

export function RotateKeysButton() {
  const t = useTranslations("ltiAdmin");
  const { status, run } = useSubmit();
  return (
    <>
      <button
        type="button"
        className="button secondary"
        data-testid="rotate-keys"
        disabled={status === "pending"}
        onClick={() => {
          if (window.confirm(t("rotateConfirm"))) void run(() => rotateKeysAction());
        }}
      >
        {t("rotate")}
      </button>
      {status === "done" ? (
        <p role="status" data-testid="rotated">
          {t("rotated")}
        </p>
      ) : null}
    </>
  );
}
