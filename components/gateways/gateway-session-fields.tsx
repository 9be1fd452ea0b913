import { useWatch, type Control, type FieldErrors, type UseFormRegister } from "react-hook-form";
import {
  GATEWAY_AUTH_MECHANISMS,
  GATEWAY_LIMIT_FIELDS,
  GATEWAY_SESSION_BOUNDS,
  GATEWAY_TIMEOUT_FIELDS,
  type GatewayInput,
  type GatewaySessionFacts,
  type GatewaySessionValues,
  type GatewayValues,
} from "@/lib/validation/gateway";
import { describedBy, Field } from "./gateway-form-fields";
import { AUTH_MECHANISM_HINT, AUTH_MECHANISM_LABELS, LIMITS, timeoutHint, timeoutLabel, timeoutWarning } from "./session-labels";

type Props = {
  register: UseFormRegister<GatewayInput>;
  control: Control<GatewayInput, unknown, GatewayValues>;
  errors: FieldErrors<GatewayInput>;
  facts: GatewaySessionFacts;
  /** The values the page was rendered with (each input's defaultValue, so they are in the server's HTML). */
  initial: GatewaySessionValues;
  open: boolean;
  onToggle: (open: boolean) => void;
};

/** The gateway form's "Advanced" section: how Outgate runs SMTP sessions with this gateway (issue 11). */
export function GatewaySessionFields({ register, control, errors, facts, initial, open, onToggle }: Props) {
  // Undefined until react-hook-form has read the inputs (on the server, and before the first change).
  const timeouts = useWatch({ control, name: [...GATEWAY_TIMEOUT_FIELDS] });
  return (
    <details className="form-advanced" open={open} onToggle={(event) => onToggle(event.currentTarget.open)} data-testid="advanced-settings">
      <summary>Advanced: SMTP session (auth mechanism, timeouts, connection limits)</summary>
      <fieldset>
        <legend>SMTP session</legend>
        <Field name="authMechanism" label="Auth mechanism" hint={AUTH_MECHANISM_HINT} error={errors.authMechanism?.message}>
          <select defaultValue={initial.authMechanism} {...describedBy("authMechanism", errors.authMechanism?.message, true)} {...register("authMechanism")}>
            {GATEWAY_AUTH_MECHANISMS.map((value) => (
              <option key={value} value={value}>
                {AUTH_MECHANISM_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
        {GATEWAY_TIMEOUT_FIELDS.map((field, index) => {
          const error = errors[field]?.message;
          const warns = facts.rfcMinimumSeconds[field] !== undefined;
          const { min, max } = GATEWAY_SESSION_BOUNDS[field];
          return (
            <Field
              key={field}
              name={field}
              label={timeoutLabel(field)}
              hint={timeoutHint(field, facts)}
              warning={warns ? timeoutWarning(field, timeouts[index] ?? initial[field], facts) : undefined}
              error={error}
            >
              <input type="number" inputMode="numeric" min={min} max={max} defaultValue={initial[field]} {...describedBy(field, error, true, warns)} {...register(field)} />
            </Field>
          );
        })}
        {GATEWAY_LIMIT_FIELDS.map((field) => {
          const error = errors[field]?.message;
          const { min, max } = GATEWAY_SESSION_BOUNDS[field];
          return (
            <Field key={field} name={field} label={LIMITS[field].label} hint={LIMITS[field].hint(facts.defaults[field])} error={error}>
              <input type="number" inputMode="numeric" min={min} max={max} defaultValue={initial[field]} {...describedBy(field, error, true)} {...register(field)} />
            </Field>
          );
        })}
      </fieldset>
    </details>
  );
}
