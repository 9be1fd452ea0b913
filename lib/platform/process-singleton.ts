/**
 * The one value of this process under `name` (e.g. "outgate.platform.db"), made by `create` on the first call from
 * any copy of any module and returned by every later call. Kept on `globalThis` under `Symbol.for(name)`, the
 * process-wide symbol registry, so no string property can collide with it.
 *
 * Why not a module-level `const`: one process can hold several copies of a module. The production web server loads
 * lib/ once through tsx (the submission routes it serves itself) and again inside Next's bundle (everything else),
 * Next bundles route handlers, server actions and instrumentation apart, and `next dev` reloads modules. Two copies
 * must still share one connection pool, one enqueue batcher, one drain loop, one SMTP pool per gateway, one token
 * cache — else the process opens twice the connections, splits its group commits and logs in twice.
 *
 * Call it once at module scope and keep the result: per-request code then reads a plain variable. State that is made
 * later (a pool created on first use) goes in a holder object made here.
 */
export function getProcessSingleton<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(name);
  return (registry[key] ??= create());
}
