import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { GATEWAY_RATE_FIELDS, RATE_LIMIT_MAX, WEIGHT_BOUNDS, type GatewayInput, type GatewayRateField } from "@/lib/validation/gateway";
import { describedBy, Field } from "./gateway-form-fields";

const RATE_LABELS: Record<GatewayRateField, string> = {
  perMinuteLimit: "Messages per minute",
  perHourLimit: "Messages per hour",
  perDayLimit: "Messages per day",
};

const LIMIT_HINT =
  "Blank = no limit. Shared by every worker. At the limit, round-robin mail goes to the next gateway with room; a Specific Domains gateway's mail waits for the window (or goes to round robin when its domain fails over).";
const WEIGHT_HINT = `Round-robin share, ${WEIGHT_BOUNDS.min}–${WEIGHT_BOUNDS.max}: a gateway with weight 3 takes three times the mail of one with weight 1.`;

type Props = {
  register: UseFormRegister<GatewayInput>;
  errors: FieldErrors<GatewayInput>;
  /** The values the page was rendered with (each input's defaultValue, so they are in the server's HTML). */
  initial: Pick<GatewayInput, GatewayRateField | "weight">;
};

/** The gateway form's traffic shaping (issue 15): messages per minute / hour / day and the round-robin weight. */
export function GatewayTrafficFields({ register, errors, initial }: Props) {
  return (
    <fieldset data-testid="traffic-limits">
      <legend>Traffic limits</legend>
      {GATEWAY_RATE_FIELDS.map((field, index) => {
        const error = errors[field]?.message;
        return (
          <Field key={field} name={field} label={RATE_LABELS[field]} hint={index === 0 ? LIMIT_HINT : undefined} error={error}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={RATE_LIMIT_MAX}
              placeholder="No limit"
              defaultValue={initial[field] ?? ""}
              {...describedBy(field, error, index === 0)}
              {...register(field)}
            />
          </Field>
        );
      })}
      <Field name="weight" label="Weight" hint={WEIGHT_HINT} error={errors.weight?.message}>
        <input
          type="number"
          inputMode="numeric"
          min={WEIGHT_BOUNDS.min}
          max={WEIGHT_BOUNDS.max}
          defaultValue={initial.weight ?? 1}
          {...describedBy("weight", errors.weight?.message, true)}
          {...register("weight")}
        />
      </Field>
    </fieldset>
  );
}
