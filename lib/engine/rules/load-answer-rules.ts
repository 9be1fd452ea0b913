import { getDb } from "../../platform/db";
import type { AnswerRule } from "./match-answer-rule";

/** A gateway an answer rule suspended: skipped by every worker until `until`. */
export type RuleSuspension = { until: Date; rule: string };

/** What the drain needs of the answer rules: the enabled rules in order, and the suspensions in force now. */
export type RulesInForce = { rules: AnswerRule[]; suspended: Map<string, RuleSuspension> };

/** Enabled rules by position (then age, so equal positions keep a stable order) and the current suspensions: two queries. */
export async function loadAnswerRules(now = new Date()): Promise<RulesInForce> {
  const db = getDb();
  const [rules, suspensions] = await Promise.all([
    db.gatewayAnswerRule.findMany({
      where: { enabled: true },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, name: true, gatewayId: true, matchCode: true, matchEnhancedCode: true, matchText: true, action: true, minutes: true, ratePerMinute: true },
    }),
    db.gatewayHealth.findMany({ where: { suspendedUntil: { gt: now } }, select: { gatewayId: true, suspendedUntil: true, ruleFired: true } }),
  ]);
  return {
    rules,
    suspended: new Map(suspensions.map((row) => [row.gatewayId, { until: row.suspendedUntil!, rule: row.ruleFired ?? "an answer rule" }])),
  };
}

export type AnswerRulesCache = {
  /** The rules and suspensions from rows at most `maxAgeMs` old; a suspension that ended meanwhile is dropped. */
  load(): Promise<RulesInForce>;
  /** Forget them (this worker just suspended a gateway): the next batch reads them again. */
  invalidate(): void;
};

/**
 * loadAnswerRules for the consecutive batches of one drain, read at most once per `maxAgeMs` like the routing table
 * (createRoutingTableCache): a rule saved in the console, or another worker's suspension, is seen within a second.
 */
export function createAnswerRulesCache({ maxAgeMs = 1_000 }: { maxAgeMs?: number } = {}): AnswerRulesCache {
  let cached: { value: Promise<RulesInForce>; at: number } | null = null;
  return {
    async load() {
      const now = Date.now();
      if (!cached || now - cached.at >= maxAgeMs) {
        const value = loadAnswerRules();
        cached = { value, at: now };
        // A failed read is not cached.
        value.catch(() => {
          if (cached?.value === value) cached = null;
        });
      }
      const { rules, suspended } = await cached.value;
      return { rules, suspended: new Map([...suspended].filter(([, suspension]) => suspension.until.getTime() > Date.now())) };
    },
    invalidate() {
      cached = null;
    },
  };
}
