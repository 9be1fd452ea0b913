"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch, type FieldErrors as FormErrors, type Resolver } from "react-hook-form";
import { applyFieldErrors } from "@/components/ui/apply-field-errors";
import { FormMessage } from "@/components/ui/form-message";
import { showActionResult } from "@/components/ui/toast-result";
import {
  GATEWAY_ENCRYPTIONS,
  GATEWAY_LIMIT_FIELDS,
  GATEWAY_TIMEOUT_FIELDS,
  GATEWAY_TYPES,
  gatewayInputSchema,
  missingSecretErrors,
  NO_STORED_SECRETS,
  type GatewayEncryptionValue,
  type GatewayInput,
  type GatewaySessionFacts,
  type GatewaySessionValues,
  type GatewayValues,
  type StoredSecrets,
} from "@/lib/validation/gateway";
import { AUTH_DESTINATION_CHANGED, isSameAuthDestination, isSameSmarterMailDestination, SMARTERMAIL_DESTINATION_CHANGED } from "@/lib/validation/secret-destination";
import { ENCRYPTION_LABELS, proposedPort, TYPE_LABELS } from "./encryption-labels";
import { CheckField, describedBy, Field, FieldWarning } from "./gateway-form-fields";
import { GatewaySessionFields } from "./gateway-session-fields";
import { GatewayTrafficFields } from "./gateway-traffic-fields";
import { CLEARTEXT_WARNING } from "./session-labels";
import { TestConnectionButton } from "./test-connection-button";
import { SmtpTestPanel } from "./smtp-test-panel";
import type { CreateGateway, SendTestMessage, TestGatewayConnection, TestSmarterMailConnection, UpdateGateway } from "./types";

const NEW_GATEWAY: GatewayInput = {
  description: "",
  address: "",
  port: 25,
  encryption: "STARTTLS_OPPORTUNISTIC",
  verifyCertificate: true,
  enabled: "true",
  type: "ROUND_ROBIN",
  authEnabled: false,
  authUsername: "",
  authPassword: "",
  smartermailEnabled: false,
  smartermailUrl: "",
  smartermailUsername: "",
  smartermailPassword: "",
};

const SESSION_FIELDS = ["authMechanism", ...GATEWAY_TIMEOUT_FIELDS, ...GATEWAY_LIMIT_FIELDS] as const;

const KEEP_PASSWORD_HINT = "A password is set — leave blank to keep it";

/**
 * The password field's hint and whether it must be filled: a stored password may be left blank only while the
 * destination it was stored for is unchanged (the same rule as missingSecretErrors, which the server applies too).
 */
function passwordState(storedFor: object | null, sameDestination: boolean, changedMessage: string) {
  if (!storedFor) return { hint: undefined, required: true };
  return sameDestination ? { hint: KEEP_PASSWORD_HINT, required: false } : { hint: changedMessage, required: true };
}

/** The shared schema plus the password rule, which depends on what the server says is stored. */
function gatewayResolver(stored: StoredSecrets): Resolver<GatewayInput, unknown, GatewayValues> {
  const schemaResolver = zodResolver(gatewayInputSchema);
  return async (values, context, options) => {
    const result = await schemaResolver(values, context, options);
    const missing = Object.entries(missingSecretErrors(values, stored));
    if (missing.length === 0) return result;
    const errors: FormErrors<GatewayInput> = { ...result.errors };
    for (const [name, messages] of missing) errors[name as keyof GatewayInput] = { type: "required", message: messages[0] };
    return { values: {}, errors };
  };
}

function pickSessionValues(values: GatewayInput, session: GatewaySessionFacts): GatewaySessionValues {
  return Object.fromEntries(SESSION_FIELDS.map((field) => [field, values[field] ?? session.defaults[field]])) as GatewaySessionValues;
}

function withoutSessionValues(values: GatewayInput): GatewayInput {
  return Object.fromEntries(Object.entries(values).filter(([field]) => !(SESSION_FIELDS as readonly string[]).includes(field))) as GatewayInput;
}

type Props = {
  defaultValues?: GatewayInput;
  stored?: StoredSecrets;
  /** The session settings' defaults and RFC minimums, from the server (the engine owns them). */
  session: GatewaySessionFacts;
  testConnectionAction: TestSmarterMailConnection;
  testGatewayAction: TestGatewayConnection;
  sendTestMessageAction: SendTestMessage;
} & (
  | { gatewayId?: undefined; save: CreateGateway }
  | { gatewayId: string; save: UpdateGateway }
);

/** The new-gateway form, and the edit form when `gatewayId` is given (then `save` updates that gateway). */
export function GatewayForm(props: Props) {
  const { gatewayId, stored = NO_STORED_SECRETS, session, testConnectionAction, testGatewayAction, sendTestMessageAction } = props;
  const initial = props.defaultValues ?? { ...NEW_GATEWAY, ...session.defaults };
  // Every field is server-rendered (defaultValue on each input), so the form shows its values before it hydrates.
  // The session fields are left out of react-hook-form's defaults, so it reads them from the page when it hydrates;
  // for the others it keeps a value typed before that too (react-hook-form compares the input with its defaultValue).
  const [sessionInitial] = useState(() => pickSessionValues(initial, session));
  const [defaultValues] = useState(() => withoutSessionValues(initial));
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [resolver] = useState(() => gatewayResolver(stored));
  // Open when the gateway already differs from the defaults, so an edit shows what was changed.
  const [advancedOpen, setAdvancedOpen] = useState(() => SESSION_FIELDS.some((field) => String(sessionInitial[field]) !== String(session.defaults[field])));
  const { register, handleSubmit, setError, setValue, getValues, control, formState } = useForm<GatewayInput, unknown, GatewayValues>({ resolver, defaultValues });
  const { errors, isSubmitting } = formState;
  const [encryption, authEnabled, smartermailEnabled] = useWatch({ control, name: ["encryption", "authEnabled", "smartermailEnabled"] });
  const [address, port, authUsername, smartermailUrl, smartermailUsername] = useWatch({
    control,
    name: ["address", "port", "authUsername", "smartermailUrl", "smartermailUsername"],
  });
  const authPassword = passwordState(
    stored.authPasswordFor,
    !!stored.authPasswordFor && isSameAuthDestination(stored.authPasswordFor, { address, port, authUsername }),
    AUTH_DESTINATION_CHANGED,
  );
  const smartermailPassword = passwordState(
    stored.smartermailPasswordFor,
    !!stored.smartermailPasswordFor && isSameSmarterMailDestination(stored.smartermailPasswordFor, { smartermailUrl, smartermailUsername }),
    SMARTERMAIL_DESTINATION_CHANGED,
  );
  const cleartext = encryption === "NONE" && !!authEnabled;

  /** A field error inside the closed Advanced section must be seen: open it. */
  function revealAdvanced(names: string[]) {
    if (names.some((name) => (SESSION_FIELDS as readonly string[]).includes(name))) setAdvancedOpen(true);
  }

  async function onSubmit(values: GatewayValues) {
    setMessage(null);
    const result = props.gatewayId !== undefined ? await props.save({ ...values, id: props.gatewayId }) : await props.save(values);
    if (!showActionResult(result, `Saved ${values.description}.`)) {
      applyFieldErrors(setError, result.fieldErrors);
      revealAdvanced(Object.keys(result.fieldErrors ?? {}));
      setMessage(result.message);
      return;
    }
    router.push("/gateways");
  }

  function proposePort(next: GatewayEncryptionValue) {
    const port = proposedPort(getValues("port"), next);
    if (port !== getValues("port")) setValue("port", port, { shouldValidate: formState.isSubmitted });
  }

  const input = (name: keyof GatewayInput, hasHint = false) => describedBy(name, errors[name]?.message, hasHint);
  return (
    <form className="form" method="post" onSubmit={handleSubmit(onSubmit, (invalid) => revealAdvanced(Object.keys(invalid)))} noValidate aria-label={gatewayId ? "Edit gateway" : "New gateway"}>
      <FormMessage kind="error" message={message} />
      <Field name="address" label="Server Address" hint="IP address (v4 or v6) or hostname." error={errors.address?.message}>
        <input type="text" autoComplete="off" spellCheck={false} defaultValue={initial.address} {...input("address", true)} {...register("address")} />
      </Field>
      <Field name="port" label="Port" hint="25, 587 or 465 usually; any port is allowed." error={errors.port?.message}>
        <input type="number" inputMode="numeric" min={1} max={65535} defaultValue={initial.port} {...input("port", true)} {...register("port")} />
      </Field>
      <Field name="encryption" label="Encryption" error={errors.encryption?.message}>
        <select
          defaultValue={initial.encryption}
          {...input("encryption")}
          aria-describedby={cleartext ? "cleartext-warning encryption-error" : "encryption-error"}
          {...register("encryption", { onChange: (event) => proposePort(event.target.value) })}
        >
          {GATEWAY_ENCRYPTIONS.map((value) => (
            <option key={value} value={value}>
              {ENCRYPTION_LABELS[value]}
            </option>
          ))}
        </select>
      </Field>
      {encryption !== "NONE" && (
        <CheckField name="verifyCertificate" label="Verify certificate">
          <input type="checkbox" id="verifyCertificate" defaultChecked={initial.verifyCertificate} {...register("verifyCertificate")} />
        </CheckField>
      )}
      <Field
        name="enabled"
        label="Status"
        hint="Draining: no new mail, and the mail waiting for it goes through the other gateways (for maintenance). Disabled gateways are kept but never used."
        error={errors.enabled?.message}
      >
        <select defaultValue={String(initial.enabled)} {...input("enabled", true)} {...register("enabled")}>
          <option value="true">Enabled</option>
          <option value="draining">Draining</option>
          <option value="false">Disabled</option>
        </select>
      </Field>
      <Field name="type" label="Type" error={errors.type?.message}>
        <select defaultValue={initial.type} {...input("type")} {...register("type")}>
          {GATEWAY_TYPES.map((value) => (
            <option key={value} value={value}>
              {TYPE_LABELS[value]}
            </option>
          ))}
        </select>
      </Field>
      <CheckField name="authEnabled" label="Enable Authentication">
        <input type="checkbox" id="authEnabled" defaultChecked={initial.authEnabled} {...register("authEnabled")} />
      </CheckField>
      {authEnabled && (
        <>
          <Field name="authUsername" label="Auth Username" error={errors.authUsername?.message}>
            <input type="text" autoComplete="off" defaultValue={initial.authUsername} {...input("authUsername")} {...register("authUsername")} />
          </Field>
          <Field name="authPassword" label="Auth Password" hint={authPassword.hint} error={errors.authPassword?.message}>
            <input
              type="password"
              autoComplete="new-password"
              aria-required={authPassword.required}
              {...input("authPassword", !!authPassword.hint)}
              aria-describedby={[authPassword.hint && "authPassword-hint", cleartext && "cleartext-warning", "authPassword-error"].filter(Boolean).join(" ")}
              {...register("authPassword")}
            />
          </Field>
        </>
      )}
      <FieldWarning id="cleartext-warning" message={cleartext ? CLEARTEXT_WARNING : null} />
      <Field name="description" label="Description" hint="A friendly name, shown in the grid." error={errors.description?.message}>
        <input type="text" maxLength={100} defaultValue={initial.description} {...input("description", true)} {...register("description")} />
      </Field>
      <fieldset>
        <legend>SmarterMail Gateway</legend>
        <CheckField name="smartermailEnabled" label="Enable SmarterMail gateway mode">
          <input type="checkbox" id="smartermailEnabled" defaultChecked={initial.smartermailEnabled} {...register("smartermailEnabled")} />
        </CheckField>
        {smartermailEnabled && (
          <>
            <Field name="smartermailUrl" label="SmarterMail URL" hint="http:// or https://" error={errors.smartermailUrl?.message}>
              <input type="url" autoComplete="off" defaultValue={initial.smartermailUrl} {...input("smartermailUrl", true)} {...register("smartermailUrl")} />
            </Field>
            <Field name="smartermailUsername" label="SmarterMail Username" error={errors.smartermailUsername?.message}>
              <input type="text" autoComplete="off" defaultValue={initial.smartermailUsername} {...input("smartermailUsername")} {...register("smartermailUsername")} />
            </Field>
            <Field
              name="smartermailPassword"
              label="SmarterMail Password"
              hint={smartermailPassword.hint}
              error={errors.smartermailPassword?.message}
            >
              <input
                type="password"
                autoComplete="new-password"
                aria-required={smartermailPassword.required}
                {...input("smartermailPassword", !!smartermailPassword.hint)}
                {...register("smartermailPassword")}
              />
            </Field>
            <TestConnectionButton gatewayId={gatewayId} getValues={getValues} testAction={testConnectionAction} />
          </>
        )}
      </fieldset>
      <GatewayTrafficFields register={register} errors={errors} initial={initial} />
      <GatewaySessionFields
        register={register}
        control={control}
        errors={errors}
        facts={session}
        initial={sessionInitial}
        open={advancedOpen}
        onToggle={setAdvancedOpen}
      />
      <SmtpTestPanel gatewayId={gatewayId} getValues={getValues} testAction={testGatewayAction} sendAction={sendTestMessageAction} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
          Save
        </button>
        <Link href="/gateways" className="btn">
          Cancel
        </Link>
      </div>
    </form>
  );
}
