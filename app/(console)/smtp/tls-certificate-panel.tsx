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

/** What clients see when they start TLS: subject, expiry, SHA-256 fingerprint (to pin or compare) and where it comes from. */
export async function TlsCertificatePanel() {
  const view = await loadCertificateView();
  if ("error" in view) {
    return (
      <div className="form-error" role="alert" data-testid="smtp-tls-certificate-error">
        The TLS certificate cannot be loaded: {view.error}
      </div>
    );
  }
  const { certificate, expiresInDays } = view;
  return (
    <table className="grid" data-testid="smtp-tls-certificate">
      <tbody>
        <tr>
          <th scope="row">Subject</th>
          <td data-testid="smtp-tls-subject">{certificate.subject}</td>
        </tr>
        <tr>
          <th scope="row">Expires</th>
          <td>
            <span data-testid="smtp-tls-not-after">{certificate.notAfter.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC")}</span>{" "}
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
  );
}
