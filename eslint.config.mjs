import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * The layers of lib/, lowest first: validation (shared with the browser) · platform · engine (delivery · routing ·
 * queue) · console · submission · http · start-up. A layer imports only from layers below it; docs/ARCHITECTURE.md
 * explains each. Imports are matched by the folder name they go through, so relative ("../../http/x") and alias
 * ("@/lib/http/x") imports are caught alike. test/architecture/ checks what a pattern cannot: no import loops
 * between folders, and client components that import only schemas and types.
 */
const FRAMEWORK = { regex: "^(next|next-auth|react|react-dom)(/.*)?$", message: "Only app/, components/ and lib/http use Next or React." };
const outside = (...folders) => ({
  regex: `(^|/)(${folders.join("|")})(/|$)`,
  message: `This layer may not import from ${folders.join(", ")} (see the layer list in eslint.config.mjs).`,
});
const restrict = (files, patterns) => ({ files, ignores: ["**/*.test.ts"], rules: { "no-restricted-imports": ["error", { patterns }] } });

const UI = ["app", "components"];
const boundaries = [
  restrict(["lib/validation/**"], [
    outside("platform", "engine", "console", "submission", "http", "smtp-listener", "start-up", "generated", ...UI),
    { regex: "^(node:.*|pg|@prisma/.*|nodemailer.*)$", message: "Schemas run in the browser too: no server modules." },
    FRAMEWORK,
  ]),
  restrict(["lib/platform/**"], [outside("engine", "console", "submission", "http", "smtp-listener", "start-up", ...UI), FRAMEWORK]),
  // SMTP code takes plain values: no database, no queue, no routing decisions (types excepted).
  restrict(["lib/engine/delivery/**"], [
    outside("queue", "console", "submission", "http", "smtp-listener", "start-up", ...UI),
    { regex: "(^|/)(platform/db|generated/.*)$|^(pg|@prisma/.*)$", message: "SMTP code never touches the database: the queue passes it plain values." },
    { regex: "(^|/)routing/", message: "Delivery does not route; routing imports delivery's types.", allowTypeImports: true },
    FRAMEWORK,
  ]),
  restrict(["lib/engine/smartermail/**"], [
    outside("queue", "routing", "delivery", "console", "submission", "http", "smtp-listener", "start-up", ...UI),
    { regex: "(^|/)(platform/db|generated/.*)$|^(pg|@prisma/.*)$", message: "The SmarterMail client speaks HTTP and never touches the database." },
    FRAMEWORK,
  ]),
  // Answer rules (issue 15): the pure matcher delivery imports, and the rule rows the queue loads; below routing.
  restrict(["lib/engine/rules/**"], [outside("delivery", "routing", "queue", "console", "submission", "http", "start-up", ...UI), FRAMEWORK]),
  restrict(["lib/engine/routing/**"], [outside("queue", "console", "submission", "http", "smtp-listener", "start-up", ...UI), FRAMEWORK]),
  restrict(["lib/engine/queue/**"], [outside("console", "submission", "http", "smtp-listener", "start-up", ...UI), FRAMEWORK]),
  restrict(["lib/console/**"], [outside("submission", "http", "smtp-listener", "start-up", ...UI), FRAMEWORK]),
  restrict(["lib/submission/**"], [outside("http", "smtp-listener", "start-up", ...UI), FRAMEWORK]),
  restrict(["lib/http/**"], [outside("smtp-listener", "start-up", ...UI)]),
  // The SMTP listener is an entry point beside http: it may use every layer below; only start-up and entries use it.
  restrict(["lib/smtp-listener/**"], [outside("http", "start-up", ...UI), FRAMEWORK]),
  restrict(["lib/start-up/**"], [outside(...UI), FRAMEWORK]),
  restrict(["worker/**"], [outside("console", "submission", "http", ...UI), FRAMEWORK]),
  restrict(["smtp/**"], [outside("console", "submission", "http", ...UI), FRAMEWORK]),
];

const config = [
  ...nextVitals,
  ...nextTs,
  ...boundaries,
  { ignores: [".next/**", "node_modules/**", ".bench-checkouts/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
