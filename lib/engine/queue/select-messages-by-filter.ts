import { MESSAGE_FILTER_STATUSES, NULL_SENDER, type MessageFilter } from "../../validation/message-filter";
import { runSearchStatement } from "../../platform/run-search-statement";
import { addressSearchTerms } from "./address-search-terms";

export type FilterSql = {
  /** A boolean SQL expression over the messages row `alias` ("TRUE" for an empty filter); values only as $n. */
  where: string;
  /** The values of $firstParam … $(firstParam + values.length - 1), in order. */
  values: unknown[];
};

/** `%`, `_` and `\` typed by the admin are matched literally in LIKE patterns (PostgreSQL's default escape is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A MessageFilter (lib/validation/message-filter.ts, already parsed) → a parameterised WHERE over `messages AS
 * <alias>`: no value is ever spliced into the text, only `$n` placeholders numbered from `firstParam`, so the
 * caller can put its own parameters before or after. Each field uses the index its match needs
 * (prisma/migrations/20261202040000_message_search_indexes and 20261203030000_message_source_search): sender_domain,
 * api_key_id, smtp_credential_id, last_gateway_id, status with created_at, and created_at of SMTP mail (btree);
 * message_id text_pattern_ops (exact and prefix); message_search_texts' envelope_from and subject and
 * message_recipients.address trigram (ILIKE '%text%').
 */
export function buildMessageFilterWhere(filter: MessageFilter, { alias = "m", firstParam = 1 }: { alias?: string; firstParam?: number } = {}): FilterSql {
  const clauses: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${firstParam + values.length - 1}`;
  };
  // An address term with a Unicode domain is also looked for with that domain as stored, in ASCII (addressSearchTerms).
  const containsAddress = (column: string, term: string) => {
    const matches = addressSearchTerms(term).map((form) => `${column} ILIKE ${param(`%${escapeLike(form)}%`)}`);
    return matches.length === 1 ? matches[0] : `(${matches.join(" OR ")})`;
  };
  // Subject and sender substrings are matched in message_search_texts, their trigram indexes' own table (written
  // once per message, so claims and outcomes do not rewrite trigram entries: migration 20261205020000).
  const texts: string[] = [];
  if (filter.sender === NULL_SENDER) clauses.push(`${alias}.envelope_from = ''`);
  else if (filter.sender !== undefined) texts.push(containsAddress("ft.envelope_from", filter.sender));
  if (filter.subject !== undefined) texts.push(`ft.subject ILIKE ${param(`%${escapeLike(filter.subject)}%`)}`);
  if (texts.length > 0) clauses.push(`EXISTS (SELECT 1 FROM message_search_texts AS ft WHERE ft.message_id = ${alias}.id AND ${texts.join(" AND ")})`);
  if (filter.recipient !== undefined) {
    clauses.push(`EXISTS (SELECT 1 FROM message_recipients AS fr WHERE fr.message_id = ${alias}.id AND ${containsAddress("fr.address", filter.recipient)})`);
  }
  if (filter.messageId !== undefined) {
    // LIKE 'abc%' with text_pattern_ops is an index range scan; `=` uses the same index.
    clauses.push(filter.messageIdMatch === "prefix" ? `${alias}.message_id LIKE ${param(`${escapeLike(filter.messageId)}%`)}` : `${alias}.message_id = ${param(filter.messageId)}`);
  }
  if (filter.status !== undefined) clauses.push(`${alias}.status = ${param(filter.status)}::"MessageStatus"`);
  if (filter.gatewayId !== undefined) clauses.push(`${alias}.last_gateway_id = ${param(filter.gatewayId)}::uuid`);
  if (filter.senderDomain !== undefined) clauses.push(`${alias}.sender_domain = ${param(filter.senderDomain)}`);
  if (filter.submittedVia !== undefined) {
    clauses.push(`${alias}.submitted_via = ${param(filter.submittedVia)}`);
    // Outgate's own DSNs are stored as "api" (they take the API's insert) but came over neither.
    if (filter.submittedVia === "api") clauses.push(`NOT ${alias}.is_bounce`);
  }
  if (filter.apiKeyId !== undefined) clauses.push(`${alias}.api_key_id = ${param(filter.apiKeyId)}::uuid`);
  if (filter.smtpCredentialId !== undefined) clauses.push(`${alias}.smtp_credential_id = ${param(filter.smtpCredentialId)}::uuid`);
  if (filter.from !== undefined) clauses.push(`${alias}.created_at >= ${param(filter.from)}::timestamptz`);
  if (filter.to !== undefined) clauses.push(`${alias}.created_at < ${param(filter.to)}::timestamptz`);
  return { where: clauses.length > 0 ? clauses.join(" AND ") : "TRUE", values };
}

/** Counts per status stop here: past it the page says "10,000+" rather than read every matching row. */
export const COUNT_CAP = 10_000;

/** Matching messages per status; see countMessagesByFilter. */
export type MessageCounts = { byStatus: Record<string, number>; total: number; capped: boolean; floors: string[] };

/** A keyset position in the newest-first order: the last row of the previous page. */
export type MessageCursor = { createdAt: Date; id: string };

export type SelectedMessageRow = {
  id: string;
  createdAt: Date;
};

/**
 * Ids (and creation times) of the messages matching `filter`, newest first — created_at DESC, id DESC, so equal
 * timestamps still page in one stable order — after `cursor` (exclusive), at most `limit`. One statement, planned
 * for its values without parallel workers (runSearchStatement) because the best index depends on how selective each
 * field is.
 */
export async function selectMessagesByFilter(filter: MessageFilter, { cursor, limit }: { cursor?: MessageCursor; limit: number }): Promise<SelectedMessageRow[]> {
  const { where, values } = buildMessageFilterWhere(filter, { alias: "m", firstParam: 1 });
  const next = values.length + 1;
  const keyset = cursor ? ` AND (m.created_at, m.id) < ($${next}::timestamptz, $${next + 1}::uuid)` : "";
  const limitParam = cursor ? next + 2 : next;
  return runSearchStatement<SelectedMessageRow>(
    `SELECT m.id::text AS id, m.created_at AS "createdAt" FROM messages AS m
      WHERE ${where}${keyset}
      ORDER BY m.created_at DESC, m.id DESC
      LIMIT $${limitParam}`,
    [...values, ...(cursor ? [cursor.createdAt, cursor.id] : []), limit],
  );
}

/**
 * How many messages match `filter`, per status (statuses with none are absent). The status field of the filter is
 * ignored, so a page can show every tab's count for the rest of the filter. Bounded so a filter matching millions
 * still answers at once:
 * - no other field: each status is counted on its own from the (status, created_at) index, up to `cap` each;
 * - otherwise: one pass over at most `cap` + 1 matching rows, grouped by status. Past the cap (`capped`), every number
 *   is a floor — at least that many — which the page shows as "n+"; the bulk actions count exactly for themselves.
 * `floors` names the statuses whose number is such a floor; `total` is one when `capped`.
 */
export async function countMessagesByFilter(filter: MessageFilter, { cap = COUNT_CAP }: { cap?: number } = {}): Promise<MessageCounts> {
  const { where, values } = buildMessageFilterWhere({ ...filter, status: undefined }, { alias: "m", firstParam: 1 });
  const rows =
    where === "TRUE"
      ? await runSearchStatement<{ status: string; count: number }>(
          `SELECT s.status, c.count
             FROM unnest($1::text[]) AS s(status)
             CROSS JOIN LATERAL (
               SELECT count(*)::int AS count FROM (SELECT 1 FROM messages AS m WHERE m.status = s.status::"MessageStatus" LIMIT $2) AS matched
             ) AS c
            WHERE c.count > 0`,
          [MESSAGE_FILTER_STATUSES, cap + 1],
        )
      : await runSearchStatement<{ status: string; count: number }>(
          `SELECT status::text, count(*)::int AS count
             FROM (SELECT m.status FROM messages AS m WHERE ${where} LIMIT $${values.length + 1}) AS matched
            GROUP BY status`,
          [...values, cap + 1],
        );
  const byStatus: Record<string, number> = {};
  const floors: string[] = [];
  let total = 0;
  for (const row of rows) {
    byStatus[row.status] = Math.min(row.count, cap);
    if (row.count > cap) floors.push(row.status);
    total += row.count;
  }
  const capped = total > cap;
  // One pass that stopped at the cap saw only part of the matches: each of its numbers is a floor.
  if (capped && where !== "TRUE") return { byStatus, total: cap, capped, floors: [...MESSAGE_FILTER_STATUSES] };
  return { byStatus, total: Math.min(total, cap), capped, floors };
}
