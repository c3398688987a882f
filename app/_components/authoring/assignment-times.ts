"use client";

/**
 * The assignment form's times. They are typed in the browser's own time zone and sent as UTC
 * instants; the server does not know the zone, so the inputs are filled in after mounting.
 */
import { useEffect, useState } from "react";
import type { AssignmentFormValues } from "@/lib/authoring/assignments";

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a datetime-local value in this browser's zone. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (read in this browser's zone) as an ISO instant; "" stays "", junk is sent as is for the server to refuse. */
export function fromLocalInput(local: string): string {
  if (!local.trim()) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/**
 * Opens, due and late-until as datetime-local values, and the browser's zone to name beside them. A
 * new assignment opens at the next full hour and is due a week later at 23:59.
 */
export function useAssignmentTimes(initial: AssignmentFormValues | null) {
  const [opens, setOpens] = useState("");
  const [due, setDue] = useState("");
  const [lateUntil, setLateUntil] = useState("");
  const [zone, setZone] = useState("");

  useEffect(() => {
    // The browser's zone and clock exist only after hydration; the server renders the fields empty.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (initial) {
      setOpens(toLocalInput(initial.opensAt));
      setDue(toLocalInput(initial.dueAt));
      setLateUntil(toLocalInput(initial.lateUntil));
    } else {
      const start = new Date();
      start.setMinutes(0, 0, 0);
      start.setHours(start.getHours() + 1);
      const end = new Date(start.getTime() + 7 * 24 * 3600_000);
      end.setHours(23, 59, 0, 0);
      setOpens(toLocalInput(start.toISOString()));
      setDue(toLocalInput(end.toISOString()));
    }
  }, [initial]);

  return { opens, setOpens, due, setDue, lateUntil, setLateUntil, zone };
}
