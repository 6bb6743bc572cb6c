import { FieldError } from "~/components/FieldError";

/** A fieldset of checkboxes or radio buttons with its legend, an optional hint and its error. */
export function RequestChoiceGroup({
  legend,
  name,
  type,
  options,
  defaultValue,
  error,
  hint,
  inline = false,
}: {
  legend: string;
  name: string;
  type: "checkbox" | "radio";
  options: { value: string; label: string; hint?: string }[];
  defaultValue: string[];
  error?: string;
  hint?: string;
  inline?: boolean;
}) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset id={id} className={`choice-group${inline ? " inline" : ""}${error ? " has-error" : ""}`} aria-describedby={describedBy} tabIndex={-1}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <div className="choices">
        {options.map((option) => {
          const hintId = option.hint ? `${id}-${option.value}-hint` : undefined;
          return (
            <div key={option.value} className="choice-option">
              <label className="choice">
                <input type={type} name={name} value={option.value} defaultChecked={defaultValue.includes(option.value)} aria-describedby={hintId} />
                <span>{option.label}</span>
              </label>
              {option.hint ? (
                <p id={hintId} className="choice-hint">
                  {option.hint}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}
