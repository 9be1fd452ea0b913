import { vi } from "vitest";
import { cookieJar } from "./next-request";

// Values every test process needs before lib/platform/env.ts is first read.
process.env.OUTGATE_SECRET_KEY ??= "0".repeat(64);
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-test-nextauth-secret";
process.env.NEXTAUTH_URL ??= "http://127.0.0.1:3000";
process.env.OUTGATE_LOG_LEVEL ??= "silent";

// Only Next's request context is replaced: the cookies come from test/next-request.ts, cache revalidation is a no-op.
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name)! } : undefined),
    getAll: () => [...cookieJar].map(([name, value]) => ({ name, value })),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
