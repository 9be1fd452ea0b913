"use client";

import { useEffect, useRef, useState } from "react";
import { ConnectionTranscriptView } from "@/components/gateways/connection-transcript";
import type { TestStoredGatewayConnection } from "@/components/gateways/types";
import type { ConnectionTranscript } from "@/lib/engine/delivery/smtp/run-connection-test";
import type { GatewayListItem } from "@/lib/console/gateways/list-gateways";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

type Props = { gateway: GatewayListItem; testAction: TestStoredGatewayConnection; onClose: () => void };

/** Test connection from the grid: runs at once with the stored settings and shows the transcript. */
export function TestGatewayDialog({ gateway, testAction, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [transcript, setTranscript] = useState<ConnectionTranscript | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    let current = true;
    void testAction({ id: gateway.id }).then((result) => {
      if (!current) return;
      if (result.ok) setTranscript(result.data);
      else setProblem(Object.values(result.fieldErrors ?? {}).flat().join(" ") || result.message);
    });
    return () => {
      current = false;
    };
  }, [gateway.id, testAction]);

  return (
    <dialog ref={dialogRef} aria-labelledby="test-gateway-title" onClose={onClose} className="dialog-wide">
      <h2 id="test-gateway-title">Test connection: {revealBidiControls(gateway.description)}</h2>
      <p className="hint">
        {gateway.address}:{gateway.port}, up to RCPT TO (your own address) and RSET. Nothing is sent.
      </p>
      <div aria-live="polite" aria-busy={!transcript && !problem}>
        {!transcript && !problem && <p>Testing…</p>}
        {problem && <p className="form-error">{problem}</p>}
        {transcript && <ConnectionTranscriptView transcript={transcript} />}
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => dialogRef.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
