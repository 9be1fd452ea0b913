import type { ConnectionTranscript } from "@/lib/engine/delivery/smtp/run-connection-test";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

/**
 * A Test connection transcript: one row per step with what came back and how long it took; the failing step says
 * what to change. The summary line is what a screen reader announces.
 */
export function ConnectionTranscriptView({ transcript }: { transcript: ConnectionTranscript }) {
  const failed = transcript.steps.find((step) => !step.ok);
  return (
    <div className="transcript" data-testid="connection-transcript" data-ok={transcript.ok}>
      <p className={transcript.ok ? "form-success" : "form-error"} role="status">
        {transcript.ok ? "Every step passed: this gateway accepts mail from Outgate." : `Failed at ${failed?.step ?? "the first step"}: ${revealBidiControls(failed?.advice ?? failed?.detail ?? "")}`}
      </p>
      <table className="grid" aria-label="Connection test steps">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Result</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {transcript.steps.map((step, index) => (
            <tr key={index} data-testid="transcript-step" data-step={step.step} data-ok={step.ok}>
              <td>
                <span className={`badge ${step.ok ? "badge-ok" : "badge-off"}`}>{step.ok ? "OK" : "Failed"}</span> {step.step}
              </td>
              <td>
                {revealBidiControls(step.detail)}
                {step.advice && <div className="hint">{step.advice}</div>}
              </td>
              <td>{step.ms} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
