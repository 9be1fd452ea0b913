"use client";

import Link from "next/link";
import { useState } from "react";
import type { ConnectionTranscript } from "@/lib/engine/delivery/smtp/run-connection-test";
import type { GatewayInput } from "@/lib/validation/gateway";
import { gatewayTestSchema } from "@/lib/validation/gateway-test";
import { ConnectionTranscriptView } from "./connection-transcript";
import type { SendTestMessage, TestGatewayConnection } from "./types";

type Props = { gatewayId?: string; getValues: () => GatewayInput; testAction: TestGatewayConnection; sendAction: SendTestMessage };

/**
 * Test connection for an SMTP gateway with the values typed in the form (saved or not): the step-by-step transcript
 * of a session up to RCPT TO, then RSET — nothing is sent. A blank password uses the stored one (server side, and
 * only for the destination it was stored for).
 */
export function SmtpTestPanel({ gatewayId, getValues, testAction, sendAction }: Props) {
  const [testAddress, setTestAddress] = useState("");
  const [testing, setTesting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [transcript, setTranscript] = useState<ConnectionTranscript | null>(null);
  const [sent, setSent] = useState<{ id: string } | null>(null);

  async function send() {
    if (!gatewayId) return;
    setTesting(true);
    setProblem(null);
    setSent(null);
    const result = await sendAction({ id: gatewayId, testAddress });
    setTesting(false);
    if (!result.ok) {
      const fields = Object.values(result.fieldErrors ?? {}).flat();
      setProblem(fields.length > 0 ? fields.join(" ") : result.message);
      return;
    }
    setSent({ id: result.data.id });
  }

  async function test() {
    setTesting(true);
    setProblem(null);
    setTranscript(null);
    setSent(null);
    const input = { ...getValues(), gatewayId, testAddress };
    // The action's own schema, checked here first: only the connection's fields count (no description needed).
    const checked = gatewayTestSchema.safeParse(input);
    if (!checked.success) {
      setTesting(false);
      setProblem(checked.error.issues.map((issue) => issue.message).join(" "));
      return;
    }
    const result = await testAction(input);
    setTesting(false);
    if (!result.ok) {
      const fields = Object.values(result.fieldErrors ?? {}).flat();
      setProblem(fields.length > 0 ? fields.join(" ") : result.message);
      return;
    }
    setTranscript(result.data);
  }

  return (
    <fieldset>
      <legend>Test connection</legend>
      <div className="field">
        <label htmlFor="testAddress">Test recipient</label>
        <input
          id="testAddress"
          type="email"
          autoComplete="off"
          value={testAddress}
          onChange={(event) => setTestAddress(event.target.value)}
          aria-describedby="testAddress-hint"
        />
        <div id="testAddress-hint" className="hint">
          For the RCPT TO dry run and the test message (blank: your own address). Test connection sends nothing.
        </div>
      </div>
      <div>
        <button type="button" className="btn" onClick={() => void test()} disabled={testing}>
          {testing ? "Testing…" : "Test SMTP connection"}
        </button>{" "}
        {gatewayId && (
          <button type="button" className="btn" onClick={() => void send()} disabled={testing}>
            Send test message
          </button>
        )}
      </div>
      {gatewayId && <div className="hint">Send test message uses the saved settings of this gateway, and this gateway only.</div>}
      <div aria-live="polite">
        {problem && <p className="form-error">{problem}</p>}
        {transcript && <ConnectionTranscriptView transcript={transcript} />}
        {sent && (
          <p className="form-success" role="status">
            Test message queued. <Link href={`/messages/${sent.id}`}>Follow it in Messages</Link>.
          </p>
        )}
      </div>
    </fieldset>
  );
}
