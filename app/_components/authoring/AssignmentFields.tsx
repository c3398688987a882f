"use client";

/** The assignment form's labelled inputs: each with its hint and its error tied to it (ids `a-<field>`). */
import { FieldMessage, invalidProps } from "./form";

export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  type = "text",
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  type?: string;
  hint?: string;
}) {
  return (
    <div>
      <label htmlFor={`a-${id}`}>{label}</label>
      <input id={`a-${id}`} type={type} value={value} onChange={(e) => onChange(e.target.value)} {...invalidProps(`a-${id}`, error)} />
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldMessage id={`a-${id}-error`} error={error} />
    </div>
  );
}

export function SelectField<V extends string>({
  id,
  label,
  value,
  onChange,
  options,
  optionLabel,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: V;
  onChange: (v: V) => void;
  options: readonly V[];
  optionLabel: (option: V) => string;
  error: string | null;
  hint?: string;
}) {
  return (
    <div>
      <label htmlFor={`a-${id}`}>{label}</label>
      <select id={`a-${id}`} value={value} onChange={(e) => onChange(e.target.value as V)} {...invalidProps(`a-${id}`, error)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldMessage id={`a-${id}-error`} error={error} />
    </div>
  );
}
