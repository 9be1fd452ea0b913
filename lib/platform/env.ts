import { z } from "zod";
import { TOKEN68 } from "../validation/token68";
import { normaliseHeloName } from "../validation/helo-name";
import { formatCidr, parseCidr, type Cidr } from "./parse-cidr";

/** Reads a comma-separated list of CIDR blocks (a bare address is /32 or /128); unset or empty: none. */
function readCidrList(problem: string) {
  return (value: string | undefined, ctx: z.RefinementCtx): Cidr[] => {
    const entries = (value ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
    const blocks = entries.map((entry) => parseCidr(entry));
    const bad = entries.filter((_, index) => blocks[index] === null);
    if (bad.length === 0) return blocks.map((block) => block!);
    ctx.addIssue({ code: "custom", message: `${problem}: ${bad.map((entry) => JSON.stringify(entry)).join(", ")}` });
    return z.NEVER;
  };
}

const envSchema = z.object({
  DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL"),
  OUTGATE_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "OUTGATE_SECRET_KEY must be 64 hex characters (32 bytes)"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
  OUTGATE_ADMIN_EMAIL: z.string().email().optional(),
  OUTGATE_ADMIN_PASSWORD: z.string().min(12).optional(),
  OUTGATE_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  OUTGATE_LOGIN_LOCK_SECONDS: z.coerce.number().int().positive().default(900),
  /** Bearer token for POST /api/worker/drain; the route answers 401 to everyone when it is unset. */
  OUTGATE_WORKER_TOKEN: z
    .string()
    .min(16)
    .regex(new RegExp(`^${TOKEN68}$`), "OUTGATE_WORKER_TOKEN must be a Bearer token: letters, digits and -._~+/ (e.g. openssl rand -hex 32)")
    .optional(),
  /** Bearer token for GET /api/metrics (Prometheus); unset, that route answers 404. */
  OUTGATE_METRICS_TOKEN: z
    .string()
    .min(16)
    .regex(new RegExp(`^${TOKEN68}$`), "OUTGATE_METRICS_TOKEN must be a Bearer token: letters, digits and -._~+/ (e.g. openssl rand -hex 32)")
    .optional(),
  /** Serves /metrics without a token on 127.0.0.1:<port> only (for a Prometheus or agent on the same host). */
  OUTGATE_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * Outgate's own name: EHLO, DSNs (MAILER-DAEMON@name, Reporting-MTA). Unset: the host's fully qualified name,
   * resolved once at start (lib/platform/host-name.ts). RFC 5321 §4.1.1.1 wants an FQDN or an address literal.
   */
  OUTGATE_EHLO_NAME: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return undefined;
      const name = normaliseHeloName(value);
      if (name) return name;
      ctx.addIssue({ code: "custom", message: "OUTGATE_EHLO_NAME must be a fully qualified domain name (mail.example.com) or an address literal ([192.0.2.1], [IPv6:2001:db8::1]); RFC 5321 §4.1.1.1" });
      return z.NEVER;
    }),
  OUTGATE_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  OUTGATE_MAX_RECIPIENTS: z.coerce.number().int().positive().default(100),
  /** Sends in flight per drain loop (default DEFAULT_SEND_CONCURRENCY in lib/engine/queue/drain-queue.ts). */
  OUTGATE_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
  /** SMTP sessions per gateway and process (default DEFAULT_MAX_CONNECTIONS in lib/engine/delivery/transport-options.ts). */
  OUTGATE_GATEWAY_CONNECTIONS: z.coerce.number().int().min(1).max(100).optional(),
  /** Seconds between active health probes of each enabled gateway (one worker probes each); 0 turns probes off. */
  OUTGATE_PROBE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  /** Days an audit log entry is kept (lib/console/audit/prune-audit-log.ts, hourly); 0, the default, keeps them for ever. */
  OUTGATE_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(0),
  /**
   * Comma-separated CIDRs (v4 or v6; a bare address is /32 or /128) that gateways and SmarterMail URLs may not reach,
   * on top of link-local (169.254.0.0/16, fe80::/10), which is always refused (lib/platform/outbound-deny-list.ts).
   */
  OUTGATE_OUTBOUND_DENY: z
    .string()
    .optional()
    .transform(readCidrList("not a CIDR block (such as 10.0.0.0/8 or fd00::/8)"))
    .transform((blocks) => blocks.map(formatCidr)),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR blocks); empty: none, the
   * client is the connecting peer. Read by lib/http/read-client-ip.ts for the sign-in throttle's per-IP limit.
   */
  OUTGATE_TRUSTED_PROXIES: z.string().optional().transform(readCidrList("not an IP address or CIDR block (such as 10.0.0.1 or 10.0.0.0/8)")),
  /**
   * PEM files of the SMTP listener's certificate (chain allowed) and private key, reloaded when they change
   * (lib/platform/smtp-tls-certificate.ts). Set both or neither; unset: a self-signed certificate made on first start.
   */
  OUTGATE_SMTP_TLS_CERT: z.string().min(1).optional(),
  OUTGATE_SMTP_TLS_KEY: z.string().min(1).optional(),
  /** "false" turns off the drain loop inside the web server (run `npm run worker` processes instead). */
  OUTGATE_INPROCESS_WORKER: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  /**
   * The SMTP submission listener (lib/smtp-listener, issue 16), started by `npm start` and `npm run smtp`. "false"
   * turns it off in this process. Ports: 0 turns one off. Unprivileged defaults; map 587/465 to them with a firewall
   * rule or set them to 587/465 where the process may bind those.
   */
  OUTGATE_SMTP_ENABLED: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
  /** Address the SMTP ports bind (all interfaces by default). */
  OUTGATE_SMTP_HOST: z.string().min(1).default("0.0.0.0"),
  /** Submission with STARTTLS, required before AUTH (RFC 6409, port 587's role). */
  OUTGATE_SMTP_SUBMISSION_PORT: z.coerce.number().int().min(0).max(65535).default(2587),
  /** Submission over implicit TLS (RFC 8314, port 465's role). */
  OUTGATE_SMTP_TLS_PORT: z.coerce.number().int().min(0).max(65535).default(2465),
  /** Plain SMTP without TLS or AUTH, for IP-relay networks only (a trusted LAN's printers); off unless set. */
  OUTGATE_SMTP_PLAIN_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Sessions at once, all ports together, per process; one more is answered 421 4.7.0. */
  OUTGATE_SMTP_MAX_SESSIONS: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Sessions at once from one client address, per process. */
  OUTGATE_SMTP_MAX_SESSIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Messages per session; the next MAIL FROM is answered 421 4.7.0 and the session closed, so the client reconnects. */
  OUTGATE_SMTP_MAX_MESSAGES_PER_SESSION: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Seconds a session may wait for the client's next command (RFC 5321 §4.5.3.2.7: at least 5 minutes). */
  OUTGATE_SMTP_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Seconds a client may take to send one message's data after DATA's 354 (RFC 5321 §4.5.3.2.6's 10 minutes). */
  OUTGATE_SMTP_DATA_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(600),
  /** Seconds a message sent again with the same Message-ID by the same client is answered as the first (a retry). */
  OUTGATE_SMTP_RETRY_WINDOW_SECONDS: z.coerce.number().int().min(0).max(30 * 86_400).default(86_400),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validated configuration, read on first use (not at import, so `next build` runs without it). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Reads and checks a configuration; throws `Invalid configuration: <variable>: <problem>; …` when it is wrong. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
