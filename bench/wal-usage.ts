import type pg from "pg";
import type { Figure } from "./context";

/**
 * PostgreSQL's write-ahead log position (bytes since the cluster began). WAL written between two positions is every
 * row and index entry the run wrote, plus full-page images: per message it shows write amplification (non-HOT updates
 * rewrite every index) exactly and at once, where pg_stat counters lag by up to a second.
 */
export async function readWalPosition(sql: pg.Pool): Promise<bigint> {
  const { rows } = await sql.query<{ lsn: string }>(`SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS lsn`);
  return BigInt(rows[0].lsn);
}

/** Bytes of WAL per message between two positions. */
export function walBytesPerMessage(before: bigint, after: bigint, messages: number): number {
  return Math.round(Number(after - before) / messages);
}

/** One figure row: WAL bytes per message over a figure's runs. */
export function walFigure(name: string, what: string, values: number[]): Figure[] {
  if (values.length === 0) return [];
  return [{ figure: `${name}_wal`, label: `${what} WAL per message`, unit: "bytes", values }];
}
