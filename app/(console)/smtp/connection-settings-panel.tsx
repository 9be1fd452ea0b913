import { readSmtpConnectionSettings, type SmtpPortStatus } from "@/lib/console/smtp-credentials/read-smtp-connection-settings";
import { describeBindAddress, SMTP_PORT_KINDS } from "@/lib/validation/smtp-listener-ports";
import { CopyButton } from "./copy-button";

/** The settings a mail client or server asks for, as a provider's help page lists them. */
function clientSettings(hostName: string, port: SmtpPortStatus): string {
  const kind = SMTP_PORT_KINDS[port.kind];
  return [
    `Server: ${hostName}`,
    `Port: ${port.port}`,
    `Security: ${kind.security}`,
    `Authentication: ${port.kind === "plain" ? "none (IP-only relay networks)" : "PLAIN or LOGIN, with an SMTP credential's username and password"}`,
  ].join("\n");
}

/** Postfix's relayhost settings for this port (main.cf); the password goes in sasl_passwd. */
function postfixSettings(hostName: string, port: SmtpPortStatus): string {
  return [
    `relayhost = [${hostName}]:${port.port}`,
    "smtp_sasl_auth_enable = yes",
    "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
    "smtp_sasl_security_options = noanonymous",
    ...(port.kind === "tls" ? ["smtp_tls_wrappermode = yes"] : []),
    "smtp_tls_security_level = encrypt",
  ].join("\n");
}

/**
 * Where SMTP clients connect: the host name, each port with its kind and whether a listener serves it now (every
 * listener process reports its ports every 5 s), and copyable client settings per running port.
 */
export async function ConnectionSettingsPanel() {
  const { hostName, hostNameQualified, ports } = await readSmtpConnectionSettings();
  const running = ports.filter((port) => port.running);
  return (
    <div data-testid="smtp-connection-settings">
      <p>
        Clients connect to <code data-testid="smtp-host-name">{hostName}</code>
        {hostNameQualified ? "" : " (a bare host name: set OUTGATE_EHLO_NAME to a name other machines resolve)"}.
      </p>
      {ports.length === 0 ? (
        <p className="hint" data-testid="smtp-no-ports">
          The SMTP listener is turned off (OUTGATE_SMTP_ENABLED=false or every OUTGATE_SMTP_*_PORT is 0), and no other listener process is running.
        </p>
      ) : (
        <table className="grid" data-testid="smtp-ports">
          <thead>
            <tr>
              <th scope="col">Port</th>
              <th scope="col">Kind</th>
              <th scope="col">Security</th>
              <th scope="col">Authentication</th>
              <th scope="col">Listens on</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {ports.map((port) => {
              const kind = SMTP_PORT_KINDS[port.kind];
              return (
                <tr key={`${port.kind}:${port.port}`} data-kind={port.kind} data-port={port.port}>
                  <td>{port.port}</td>
                  <td>
                    {kind.label}
                    {kind.standardPort ? <span className="hint"> (the role of port {kind.standardPort})</span> : null}
                  </td>
                  <td>{kind.security}</td>
                  <td>{kind.auth}</td>
                  <td>{describeBindAddress(port.host).text}</td>
                  <td>
                    {port.running ? (
                      <span className="badge badge-ok">Running{port.listeners > 1 ? ` (${port.listeners} processes)` : ""}</span>
                    ) : (
                      <span className="badge badge-off" title={`No listener has reported this port in the last 30 s; see ${kind.envVar} and the server log.`}>
                        Not running
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {running.map((port) => {
        const settings = clientSettings(hostName, port);
        return (
          <section key={`${port.kind}:${port.port}`} className="panel" style={{ marginTop: "1rem" }} data-testid={`smtp-client-settings-${port.port}`} aria-labelledby={`smtp-client-settings-${port.port}-title`}>
            <h3 id={`smtp-client-settings-${port.port}-title`}>
              Client settings: {SMTP_PORT_KINDS[port.kind].label}, port {port.port}
            </h3>
            <pre data-testid="smtp-client-settings-text">{settings}</pre>
            <div className="toolbar">
              <CopyButton text={settings} label={`Copy the client settings for port ${port.port}`} />
            </div>
            {port.kind === "plain" ? null : (
              <details>
                <summary>Postfix (relayhost)</summary>
                <pre data-testid="smtp-postfix-settings">{postfixSettings(hostName, port)}</pre>
                <CopyButton text={postfixSettings(hostName, port)} label={`Copy the Postfix settings for port ${port.port}`} />
              </details>
            )}
          </section>
        );
      })}
    </div>
  );
}
