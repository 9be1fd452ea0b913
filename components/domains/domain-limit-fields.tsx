import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { FieldError } from "@/components/ui/field-error";
import { RATE_LIMIT_MAX } from "@/lib/validation/gateway";
import type { DomainInput } from "@/lib/validation/domain";

const LIMITS = [
  { name: "perHourLimit", label: "Outgoing messages per hour" },
  { name: "perDayLimit", label: "Outgoing messages per day" },
] as const;

type Props = {
  register: UseFormRegister<DomainInput>;
  errors: FieldErrors<DomainInput>;
  /** The values the page was rendered with (defaultValue on each input, so they are in the server's HTML). */
  initial: Pick<DomainInput, "perHourLimit" | "perDayLimit" | "limitAction">;
};

/** The domain form's sending limits (issue 15): per hour and per day, and what happens at the limit. */
export function DomainLimitFields({ register, errors, initial }: Props) {
  return (
    <fieldset data-testid="domain-limits">
      <legend>Sending limits</legend>
      {LIMITS.map(({ name, label }) => (
        <div className="field" key={name}>
          <label htmlFor={`domain-${name}`}>{label}</label>
          <input
            id={`domain-${name}`}
            type="number"
            inputMode="numeric"
            min={1}
            max={RATE_LIMIT_MAX}
            placeholder="No limit"
            defaultValue={initial[name] ?? ""}
            aria-invalid={!!errors[name]}
            aria-describedby={`domain-limits-hint domain-${name}-error`}
            {...register(name)}
          />
          <FieldError id={`domain-${name}-error`} message={errors[name]?.message} />
        </div>
      ))}
      <div className="field">
        <label htmlFor="domain-limitAction">At the limit</label>
        <select id="domain-limitAction" defaultValue={initial.limitAction ?? "DELAY"} aria-describedby="domain-limits-hint domain-limitAction-error" {...register("limitAction")}>
          <option value="DELAY">Delay: accept, send when the window has room</option>
          <option value="REJECT">Reject: the API answers 429 with Retry-After</option>
        </select>
        <span id="domain-limits-hint" className="hint">
          Blank = no limit. Counted for every worker together; a window is a clock hour or a UTC day.
        </span>
        <FieldError id="domain-limitAction-error" message={errors.limitAction?.message} />
      </div>
    </fieldset>
  );
}
