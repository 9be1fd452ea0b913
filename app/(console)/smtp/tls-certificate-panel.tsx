import { formatTime } from "@/components/messages/format";
import { listListenerCertificates, type ListenerCertificate } from "@/lib/console/smtp-credentials/list-listener-certificates";
import { loadSmtpTlsCertificate, type SmtpTlsCertificate } from "@/lib/platform/smtp-tls-certificate";

const SOURCE_LABEL: Record<SmtpTlsCertificate["source"], string> = {
  files: "Files (OUTGATE_SMTP_TLS_CERT / OUTGATE_SMTP_TLS_KEY), reloaded when they change",
  "self-signed": "Self-signed, generated on first start (set OUTGATE_SMTP_TLS_CERT / OUTGATE_SMTP_TLS_KEY to use your own)",
};

type CertificateView = { certificate: SmtpTlsCertificate; expiresInDays: number } | { error: string };

/** A configuration mistake (unreadable file, key not matching) is shown on the page, not turned into an error page. */
async function loadCertificateView(): Promise<CertificateView> {
  try {
    const certificate = await loadSmtpTlsCertificate();
    return { certificate, expiresInDays: Math.floor((certificate.notAfter.getTime() - Date.now()) / 86_400_000) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Running listeners that serve another certificate than the one shown (a listener started apart, with other
 * OUTGATE_SMTP_TLS_* files or none): each with its subject, expiry, fingerprint and where, so what `openssl s_client`
 * shows on any port can be found on the page.
 */
function OtherListenerCertificates({ others }: { others: ListenerCertificate[] }) {
  if (others.length === 0) return null;
  return (
    <div className="form-error" role="alert" data-testid="smtp-tls-other-certificates">
      <p>Some running listeners serve another certificate than the one above:</p>
      <ul>
        {others.map((other) => (
          <li key={other.fingerprintSha256} data-testid="smtp-tls-other-certificate">
            {other.listeners.map((listener) => `${listener.host} port${listener.ports.length === 1 ? "" : "s"} ${listener.ports.join(", ")}`).join("; ")}:{" "}
            {other.subject}, expires {formatTime(other.notAfter)}, SHA-256{" "}
            <code style={{ overflowWrap: "anywhere" }}>{other.fingerprintSha256}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What clients see when they start TLS: subject, expiry, SHA-256 fingerprint (to pin or compare) and where it comes from. */
export async function TlsCertificatePanel() {
  const [view, listenerCertificates] = await Promise.all([loadCertificateView(), listListenerCertificates()]);
  if ("error" in view) {
    return (
      <>
        <div className="form-error" role="alert" data-testid="smtp-tls-certificate-error">
          The TLS certificate cannot be loaded: {view.error}
        </div>
        <OtherListenerCertificates others={listenerCertificates} />
      </>
    );
  }
  const { certificate, expiresInDays } = view;
  const others = listenerCertificates.filter((other) => other.fingerprintSha256 !== certificate.fingerprintSha256);
  return (
    <>
      <table className="grid" data-testid="smtp-tls-certificate">
        <tbody>
          <tr>
            <th scope="row">Subject</th>
            <td data-testid="smtp-tls-subject">{certificate.subject}</td>
          </tr>
          <tr>
            <th scope="row">Expires</th>
            <td>
              <span data-testid="smtp-tls-not-after">{formatTime(certificate.notAfter)}</span>{" "}
              {expiresInDays < 0 ? (
                <span className="badge badge-off">Expired</span>
              ) : expiresInDays < 30 ? (
                <span className="badge badge-warn">In {expiresInDays} days</span>
              ) : null}
            </td>
          </tr>
          <tr>
            <th scope="row">SHA-256 fingerprint</th>
            <td>
              <code data-testid="smtp-tls-fingerprint" style={{ overflowWrap: "anywhere" }}>
                {certificate.fingerprintSha256}
              </code>
            </td>
          </tr>
          <tr>
            <th scope="row">Source</th>
            <td data-testid="smtp-tls-source" data-source={certificate.source}>
              {SOURCE_LABEL[certificate.source]}
            </td>
          </tr>
        </tbody>
      </table>
      <OtherListenerCertificates others={others} />
    </>
  );
}
