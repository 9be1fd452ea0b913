"use client";

import { useState } from "react";
import type { ConnectionTestResult } from "@/lib/engine/smartermail/client";
import type { TestSmarterMailConnection } from "./types";

type Values = { smartermailUrl?: string; smartermailUsername?: string; smartermailPassword?: string };
type Outcome = { kind: "success" | "error"; text: string; details?: string };

function describe(result: ConnectionTestResult): Outcome {
  if (result.ok) {
    return { kind: "success", text: `Connected: ${result.spool.default} in the spool, ${result.spool.waiting} waiting (${result.latencyMs} ms).` };
  }
  return { kind: "error", text: `Connection failed: ${result.error.message}.`, details: result.error.details };
}

type Props = { gatewayId?: string; getValues: () => Values; testAction: TestSmarterMailConnection };

/**
 * Checks the SmarterMail login and the spool call with the values in the form. A blank password is sent
 * blank: the server uses the stored one of `gatewayId`, which never reaches the browser.
 */
export function TestConnectionButton({ gatewayId, getValues, testAction }: Props) {
  const [testing, setTesting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function test() {
    setTesting(true);
    setOutcome(null);
    const values = getValues();
    const result = await testAction({
      gatewayId,
      smartermailUrl: values.smartermailUrl ?? "",
      smartermailUsername: values.smartermailUsername ?? "",
      smartermailPassword: values.smartermailPassword ?? "",
    });
    setTesting(false);
    if (!result.ok) {
      const fields = Object.values(result.fieldErrors ?? {}).flat();
      setOutcome({ kind: "error", text: fields.length > 0 ? fields.join(" ") : result.message });
      return;
    }
    setOutcome(describe(result.data));
  }

  return (
    <div className="field">
      <div>
        <button type="button" className="btn" onClick={() => void test()} disabled={testing} aria-describedby="smartermail-test-result">
          {testing ? "Testing…" : "Test connection"}
        </button>
      </div>
      <div id="smartermail-test-result" role="status" aria-live="polite" className={outcome?.kind === "error" ? "form-error" : outcome ? "form-success" : undefined}>
        {outcome?.text}
        {outcome?.details && <div className="hint">{outcome.details}</div>}
      </div>
    </div>
  );
}
