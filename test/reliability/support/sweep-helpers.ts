import type pg from "pg";

/** Data seeded only so a leak would show: none of these strings may appear in an answer to a stranger. */
export type Sentinels = { ids: Record<"gateway" | "domain" | "apiKey" | "message", string>; secrets: string[] };

export async function seedSentinels(db: Pick<pg.Pool, "query">, apiKeyHash: string, apiKeyPrefix: string): Promise<Sentinels> {
  const one = async (sql: string, values: unknown[]) => (await db.query<{ id: string }>(sql, values)).rows[0].id;
  const gateway = await one(
    `INSERT INTO gateways (id, description, address, port, encryption, enabled, type, auth_enabled, auth_username, updated_at)
     VALUES (gen_random_uuid(), 'sentinel gateway description', 'sentinel-gateway.example.net', 2525, 'NONE', false, 'ROUND_ROBIN', true, 'sentinel-gw-user', now()) RETURNING id`,
    [],
  );
  const domain = await one(`INSERT INTO domains (id, name, gateway_id, updated_at) VALUES (gen_random_uuid(), 'sentinel-domain.example', $1, now()) RETURNING id`, [gateway]);
  const apiKey = await one(`INSERT INTO api_keys (id, name, prefix, key_hash, all_domains) VALUES (gen_random_uuid(), 'sentinel key name', $1, $2, true) RETURNING id`, [apiKeyPrefix, apiKeyHash]);
  const raw = Buffer.from("From: <sentinel-sender@sentinel-domain.example>\r\nSubject: sentinel subject line\r\n\r\nsentinel body\r\n");
  const message = await one(
    `WITH m AS (INSERT INTO messages (api_key_id, message_id, envelope_from, sender_domain, subject, raw, size)
                VALUES ($1, 'sentinel-message-id@sentinel-domain.example', 'sentinel-sender@sentinel-domain.example', 'sentinel-domain.example', 'sentinel subject line', $2, $3) RETURNING id),
          r AS (INSERT INTO message_recipients (message_id, address) SELECT id, 'sentinel-rcpt@elsewhere.example' FROM m)
     SELECT id FROM m`,
    [apiKey, raw, raw.byteLength],
  );
  return {
    ids: { gateway, domain, apiKey, message },
    secrets: [
      "sentinel gateway description",
      "sentinel-gateway.example.net",
      "sentinel-gw-user",
      "sentinel-domain.example",
      "sentinel key name",
      apiKeyPrefix,
      "sentinel-message-id",
      "sentinel-sender",
      "sentinel-rcpt",
      "sentinel subject line",
    ],
  };
}

/** The secrets found in `text` (case-insensitive). */
export function leakedSecrets(text: string, sentinels: Sentinels): string[] {
  const lower = text.toLowerCase();
  return sentinels.secrets.filter((secret) => lower.includes(secret.toLowerCase()));
}

/** A content fingerprint of every application table, to prove a refused call changed nothing. */
export async function snapshotTables(db: Pick<pg.Pool, "query">, skip: string[] = []): Promise<Record<string, string>> {
  const { rows } = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  const snapshot: Record<string, string> = {};
  for (const { tablename } of rows) {
    if (skip.includes(tablename)) continue;
    const result = await db.query<{ digest: string | null; count: string }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest, count(*) AS count FROM "${tablename}" t`,
    );
    snapshot[tablename] = `${result.rows[0].count}:${result.rows[0].digest ?? "-"}`;
  }
  return snapshot;
}

/** The target of Next's redirect() error (digest "NEXT_REDIRECT;replace;/login;307;"), or null for any other throw. */
export function redirectTarget(error: unknown): string | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT")) return null;
  return digest.split(";")[2] ?? null;
}

/**
 * Inputs a console form could plausibly send: every field name the forms use, filled with valid values and
 * the ids of real rows, so a missing session check would reach the database and do something.
 */
export function plausibleActionInputs(ids: Sentinels["ids"]): unknown[] {
  const fields = {
    name: "sweep",
    email: "sweep-admin@example.com",
    password: "a long enough password 123",
    confirmPassword: "a long enough password 123",
    token: "not-the-setup-token-0000000000",
    description: "sweep gateway",
    address: "127.0.0.1",
    port: 2526,
    encryption: "NONE",
    verifyCertificate: false,
    type: "ROUND_ROBIN",
    enabled: true,
    authEnabled: false,
    authUsername: "",
    authPassword: "",
    smartermailEnabled: false,
    domainIds: [ids.domain],
    gatewayId: ids.gateway,
    failoverToRoundRobin: true,
    retryDelaysSeconds: [60],
    maxLifetimeSeconds: 3600,
    bouncesEnabled: false,
    defaultFailoverToRoundRobin: true,
  };
  const objects = Object.values(ids).map((id) => ({ ...fields, id, ids: [id] }));
  const form = new FormData();
  for (const [key, value] of Object.entries({ ...fields, id: ids.gateway })) form.append(key, String(value));
  return [undefined, {}, ...objects, ...Object.values(ids), form];
}
