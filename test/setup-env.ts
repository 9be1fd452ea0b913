// Values every test process needs before lib/env.ts is first read.
process.env.OUTGATE_SECRET_KEY ??= "0".repeat(64);
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-test-nextauth-secret";
process.env.NEXTAUTH_URL ??= "http://127.0.0.1:3000";
process.env.OUTGATE_LOG_LEVEL ??= "silent";
