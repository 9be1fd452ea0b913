"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FieldError } from "@/components/ui/field-error";
import { FormMessage } from "@/components/ui/form-message";
import { showActionResult } from "@/components/ui/toast-result";
import { domainInputSchema, ROUND_ROBIN_VALUE, type DomainInput, type DomainValues, type SendingLimitActionValue } from "@/lib/validation/domain";
import { DomainLimitFields } from "./domain-limit-fields";
import { ROUND_ROBIN_LABEL } from "./labels";
import type { CreateDomain, DeleteDomain, GatewayOption, UpdateDomain } from "./types";
import { useDeleteDomain } from "./use-delete-domain";

type EditedDomain = {
  id: string;
  name: string;
  displayName: string;
  gatewayId: string | null;
  failoverToRoundRobin: boolean;
  perHourLimit: number | null;
  perDayLimit: number | null;
  limitAction: SendingLimitActionValue;
};

type DomainFormProps = { gatewayOptions: GatewayOption[]; defaultFailoverToRoundRobin: boolean } & (
  | { domain?: undefined; save: CreateDomain; deleteAction?: undefined }
  | { domain: EditedDomain; save: UpdateDomain; deleteAction: DeleteDomain }
);

/**
 * The domain setup flow (new) and the edit form: one field per DomainInput key, so a later setting (such as
 * what to do when the gateway fails) is one more schema key and one more block here.
 */
export function DomainForm(props: DomainFormProps) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  // The values are in the server HTML too (defaultValue on each input), so the form shows them before it hydrates;
  // react-hook-form then keeps whatever was typed meanwhile (it compares each input with its defaultValue).
  const [initial] = useState<DomainInput>(() => ({
    name: props.domain?.name ?? "",
    gatewayId: props.domain?.gatewayId ?? ROUND_ROBIN_VALUE,
    failoverToRoundRobin: props.domain?.failoverToRoundRobin ?? props.defaultFailoverToRoundRobin,
    // Blank is "no limit".
    perHourLimit: props.domain?.perHourLimit ?? "",
    perDayLimit: props.domain?.perDayLimit ?? "",
    limitAction: props.domain?.limitAction ?? "DELAY",
  }));
  const { register, handleSubmit, setError, formState, control } = useForm<DomainInput, unknown, DomainValues>({
    resolver: zodResolver(domainInputSchema),
    defaultValues: initial,
  });
  const usesSpecificGateway = (useWatch({ control, name: "gatewayId" }) ?? ROUND_ROBIN_VALUE) !== ROUND_ROBIN_VALUE;
  const deletion = useDeleteDomain(props.deleteAction, "/domains");

  async function onSubmit(values: DomainValues) {
    setMessage(null);
    const result = props.domain ? await props.save({ ...values, id: props.domain.id }) : await props.save(values);
    if (!showActionResult(result, (saved) => `Saved ${saved.name}.`)) {
      applyFieldErrors(setError, result.fieldErrors);
      setMessage(result.message);
      return;
    }
    router.push("/domains");
  }

  const { errors, isSubmitting } = formState;
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit)} noValidate data-testid="domain-form">
      {deletion.confirmDialog}
      <FormMessage kind="error" message={message} />
      <div className="field">
        <label htmlFor="domain-name">Domain Name</label>
        <input
          id="domain-name"
          type="text"
          autoComplete="off"
          spellCheck={false}
          defaultValue={initial.name}
          aria-invalid={!!errors.name}
          aria-describedby="domain-name-hint domain-name-error"
          {...register("name")}
        />
        <span id="domain-name-hint" className="hint">
          A domain this server sends for, such as example.com. International names are stored in their xn-- form.
        </span>
        <FieldError id="domain-name-error" message={errors.name?.message} />
      </div>
      <div className="field">
        <label htmlFor="domain-gatewayId">Outbound Gateway</label>
        <select
          id="domain-gatewayId"
          defaultValue={initial.gatewayId ?? ROUND_ROBIN_VALUE}
          aria-invalid={!!errors.gatewayId}
          aria-describedby="domain-gatewayId-hint domain-gatewayId-error"
          {...register("gatewayId")}
        >
          <option value={ROUND_ROBIN_VALUE}>{ROUND_ROBIN_LABEL}</option>
          {props.gatewayOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <span id="domain-gatewayId-hint" className="hint">
          Round robin spreads mail over the Round Robin gateways; a specific gateway sends all of this domain&apos;s mail.
        </span>
        <FieldError id="domain-gatewayId-error" message={errors.gatewayId?.message} />
      </div>
      {usesSpecificGateway && (
        <div className="field">
          <div className="field-check">
            <input
              id="domain-failoverToRoundRobin"
              type="checkbox"
              defaultChecked={initial.failoverToRoundRobin}
              aria-describedby="domain-failoverToRoundRobin-hint domain-failoverToRoundRobin-error"
              {...register("failoverToRoundRobin")}
            />
            <label htmlFor="domain-failoverToRoundRobin">Fall over to round robin when this gateway fails</label>
          </div>
          <span id="domain-failoverToRoundRobin-hint" className="hint">
            Off: the domain&apos;s mail stays queued and is retried through its own gateway. On: it is sent through the
            Round Robin gateways while its own gateway is down.
          </span>
          <FieldError id="domain-failoverToRoundRobin-error" message={errors.failoverToRoundRobin?.message} />
        </div>
      )}
      <DomainLimitFields register={register} errors={errors} initial={initial} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting || deletion.pending}>
          Save
        </button>
        <Link className="btn" href="/domains">
          Cancel
        </Link>
        {props.domain && (
          <button
            type="button"
            className="btn btn-danger"
            disabled={isSubmitting || deletion.pending}
            onClick={() => props.domain && deletion.remove(props.domain)}
          >
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
