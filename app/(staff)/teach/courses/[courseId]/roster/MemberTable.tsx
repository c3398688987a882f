"use client";

/** The roster: each person's role can be changed in place, and anyone but the last instructor removed. */
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { refusalCode, useErrorText } from "@/app/_components/authoring/form";
import { Table } from "@/app/_components/Table";
import type { FieldError } from "@/lib/validations/form-result";
import { changeRoleAction, removeMemberAction } from "./actions";

type Member = { userId: string; name: string; email: string; role: "STUDENT" | "TA" | "INSTRUCTOR"; submissions: number };

export function MemberTable({ courseId, selfId, members }: { courseId: string; selfId: string; members: Member[] }) {
  const t = useTranslations("authoring.roster");
  const roles = useTranslations("roles");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<{ userId: string; error: FieldError } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const instructors = members.filter((m) => m.role === "INSTRUCTOR").length;

  /** `ifSelf`: where to go when the change was to one's own membership (this page is then no longer theirs). */
  async function run(userId: string, action: () => Promise<{ status: string; errors?: Record<string, FieldError> }>, ifSelf: string) {
    setPending(userId);
    setError(null);
    try {
      const r = await action();
      if (r.status === "ok" && userId === selfId) router.push(ifSelf);
      else if (r.status === "ok") router.refresh();
      else setError({ userId, error: r.status === "invalid" ? Object.values(r.errors ?? {})[0]! : refusalCode(r.status) });
    } catch {
      setError({ userId, error: { code: "generic" } });
    }
    setPending(null);
  }

  return (
    <Table
      testId="roster-members"
      rows={members}
      rowKey={(m) => m.userId}
      rowProps={(m) => ({ "data-testid": "roster-member", "data-email": m.email })}
      columns={[
        {
          header: t("name"),
          cell: (m) => (
            <>
              {m.name}
              {m.userId === selfId ? <span className="muted"> ({t("you")})</span> : null}
            </>
          ),
        },
        { header: t("email"), cell: (m) => m.email },
        {
          header: t("role"),
          cell: (m) => (
            <>
              <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                {t("roleOf", { name: m.name })}
              </label>
              <select
                id={`role-${m.userId}`}
                value={m.role}
                disabled={pending === m.userId}
                onChange={(e) => {
                  const role = e.target.value;
                  void run(m.userId, () => changeRoleAction(courseId, { userId: m.userId, role }), `/teach/courses/${courseId}`);
                }}
              >
                {(["STUDENT", "TA", "INSTRUCTOR"] as const).map((r) => (
                  <option key={r} value={r}>
                    {roles(r)}
                  </option>
                ))}
              </select>
              {error?.userId === m.userId ? (
                <p className="field-error" role="alert">
                  {errorText(error.error)}
                </p>
              ) : null}
            </>
          ),
        },
        { header: t("submissions"), cell: (m) => m.submissions },
        {
          header: <span className="visually-hidden">{t("actions")}</span>,
          cell: (m) => (
            <button
              type="button"
              className="link-button"
              disabled={pending === m.userId || (m.role === "INSTRUCTOR" && instructors === 1)}
              title={m.role === "INSTRUCTOR" && instructors === 1 ? (errorText({ code: "lastInstructor" }) ?? undefined) : undefined}
              onClick={() => {
                if (window.confirm(t("removeConfirm", { name: m.name, count: m.submissions }))) {
                  void run(m.userId, () => removeMemberAction(courseId, { userId: m.userId }), "/teach");
                }
              }}
            >
              {t("remove")}
              <span className="visually-hidden"> {m.name}</span>
            </button>
          ),
        },
      ]}
    />
  );
}
