"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { showActionResult } from "@/components/ui/toast-result";
import { deliverySettingsInputSchema, type DeliverySettingsInput } from "@/lib/validation/delivery-settings";
import type { updateDeliverySettingsAction } from "./actions";

type Props = { defaults: DeliverySettingsInput; saveAction: typeof updateDeliverySettingsAction };

export function FailoverForm({ defaults, saveAction }: Props) {
  const [formError, setFormError] = useState<string | null>(null);
  // The stored values are in the server HTML too (defaultValue on each input), so the form shows them before it
  // hydrates; react-hook-form then keeps whatever was typed meanwhile (it compares each input with its defaultValue).
  const [initial] = useState(defaults);
  // raw: the schema checks the text here, and the server action receives the text to check it again.
  const { register, handleSubmit, setError, reset, formState } = useForm<DeliverySettingsInput>({
    resolver: zodResolver(deliverySettingsInputSchema, undefined, { raw: true }),
    defaultValues: initial,
  });

  async function onSubmit(values: DeliverySettingsInput) {
    setFormError(null);
    const result = await saveAction(values);
    if (!showActionResult(result, "Delivery settings saved.")) {
      applyFieldErrors(setError, result.fieldErrors);
      setFormError(result.message);
      return;
    }
    // The stored form (durations in their largest exact unit) replaces what was typed.
    reset(result.data);
  }

  const { errors, isSubmitting } = formState;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate>
      <FormMessage kind="error" message={formError} />
      <div className="field">
        <label htmlFor="failover-retryDelays">Retry delays</label>
        <input
          id="failover-retryDelays"
          type="text"
          autoComplete="off"
          defaultValue={initial.retryDelays}
          aria-invalid={!!errors.retryDelays}
          aria-describedby="failover-retryDelays-hint failover-retryDelays-error"
          {...register("retryDelays")}
        />
        <span id="failover-retryDelays-hint" className="hint">
          Wait after each failed attempt, e.g. 5m, 10m, 20m, 40m, 1h (s, m, h, d). The last one repeats.
        </span>
        <FieldError id="failover-retryDelays-error" message={errors.retryDelays?.message} />
      </div>
      <div className="field">
        <label htmlFor="failover-maxLifetime">Give up after</label>
        <input
          id="failover-maxLifetime"
          type="text"
          autoComplete="off"
          defaultValue={initial.maxLifetime}
          aria-invalid={!!errors.maxLifetime}
          aria-describedby="failover-maxLifetime-hint failover-maxLifetime-error"
          {...register("maxLifetime")}
        />
        <span id="failover-maxLifetime-hint" className="hint">
          How long a message may stay queued, e.g. 5d or 120h (1h to 30d).
        </span>
        <FieldError id="failover-maxLifetime-error" message={errors.maxLifetime?.message} />
      </div>
      <div className="field">
        <label htmlFor="failover-bouncesEnabled">
          <input id="failover-bouncesEnabled" type="checkbox" defaultChecked={initial.bouncesEnabled} aria-describedby="failover-bouncesEnabled-error" {...register("bouncesEnabled")} />{" "}
          Send a bounce (DSN) to the sender when a recipient fails for good
        </label>
        <FieldError id="failover-bouncesEnabled-error" message={errors.bouncesEnabled?.message} />
      </div>
      <div className="field">
        <label htmlFor="failover-defaultFailoverToRoundRobin">
          <input
            id="failover-defaultFailoverToRoundRobin"
            type="checkbox"
            defaultChecked={initial.defaultFailoverToRoundRobin}
            aria-describedby="failover-defaultFailoverToRoundRobin-error"
            {...register("defaultFailoverToRoundRobin")}
          />{" "}
          New domains fall over to the round-robin gateways when their own gateway fails
        </label>
        <FieldError id="failover-defaultFailoverToRoundRobin-error" message={errors.defaultFailoverToRoundRobin?.message} />
      </div>
      <div className="field">
        <label htmlFor="failover-balancing">Balancing</label>
        <select id="failover-balancing" defaultValue={initial.balancing} aria-describedby="failover-balancing-hint failover-balancing-error" {...register("balancing")}>
          <option value="ROUND_ROBIN">Round robin (take turns)</option>
          <option value="LEAST_SPOOL">Fewest messages in the SmarterMail spool</option>
        </select>
        <span id="failover-balancing-hint" className="hint">
          Fewest-in-spool uses the SmarterMail spool counts of round-robin gateways; when a count is missing or older
          than a minute, gateways simply take turns.
        </span>
        <FieldError id="failover-balancing-error" message={errors.balancing?.message} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Save
        </button>
      </div>
    </form>
  );
}
