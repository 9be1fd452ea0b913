import { GatewayTabs } from "@/components/gateways/gateway-tabs";
import { FieldError } from "@/components/ui/field-error";
import { PageLayout } from "@/components/ui/page-layout";
import { requireAdminPage } from "@/lib/http/require-admin-page";
import { explainRoute } from "@/lib/console/routing/explain-route";
import { fieldErrorsFromZod } from "@/lib/platform/errors";
import { routeExplainQuerySchema, type RouteStep } from "@/lib/validation/route-explain";
import { revealBidiControls } from "@/lib/validation/reveal-bidi-controls";

type Props = { searchParams: Promise<{ sender?: string | string[]; recipient?: string | string[] }> };

const VERDICTS: Record<RouteStep["verdict"], { label: string; badge: string }> = {
  ok: { label: "OK", badge: "badge-ok" },
  skip: { label: "Skipped", badge: "badge-warn" },
  wait: { label: "Waits", badge: "badge-off" },
  refuse: { label: "Refused", badge: "badge-off" },
  info: { label: "Info", badge: "" },
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/**
 * Gateways → Route explain: "why this gateway?" for a sender (and optional recipient). A GET form, so an explanation
 * is a link and the values are in the server HTML; the answer is the engine's own decision (explainRoute).
 */
export default async function RouteExplainPage({ searchParams }: Props) {
  await requireAdminPage();
  const params = await searchParams;
  const values = { sender: first(params.sender), recipient: first(params.recipient) };
  const asked = values.sender !== "";
  const parsed = asked ? routeExplainQuerySchema.safeParse(values) : null;
  const errors = parsed && !parsed.success ? fieldErrorsFromZod(parsed.error) : {};
  const explanation = parsed?.success ? await explainRoute(parsed.data) : null;
  return (
    <PageLayout title="Gateways / Route explain" description="Which gateway the next message from a sender would take, and why — and where it would go if that gateway failed." tabs={<GatewayTabs active="explain" />}>
      <form className="form" method="get" action="/gateways/explain" aria-label="Explain a route">
        <div className="field">
          <label htmlFor="explain-sender">Sender address</label>
          <input id="explain-sender" name="sender" type="text" autoComplete="off" defaultValue={values.sender} required aria-invalid={!!errors.sender} aria-describedby="explain-sender-error" />
          <FieldError id="explain-sender-error" message={errors.sender?.[0]} />
        </div>
        <div className="field">
          <label htmlFor="explain-recipient">Recipient (optional)</label>
          <input id="explain-recipient" name="recipient" type="text" autoComplete="off" defaultValue={values.recipient} aria-invalid={!!errors.recipient} aria-describedby="explain-recipient-error" />
          <FieldError id="explain-recipient-error" message={errors.recipient?.[0]} />
        </div>
        <div className="form-actions">
          <button type="submit">Explain</button>
        </div>
      </form>
      {explanation && (
        <section aria-labelledby="explain-result-title">
          <h2 id="explain-result-title">Route for {revealBidiControls(explanation.sender)}</h2>
          <p data-testid="explain-summary">
            <strong>{revealBidiControls(explanation.summary)}</strong>
          </p>
          <ol className="explain-steps" data-testid="explain-steps">
            {explanation.steps.map((step, index) => (
              <li key={index} data-verdict={step.verdict}>
                <span className={`badge ${VERDICTS[step.verdict].badge}`}>{VERDICTS[step.verdict].label}</span> {revealBidiControls(step.text)}
              </li>
            ))}
          </ol>
        </section>
      )}
    </PageLayout>
  );
}
