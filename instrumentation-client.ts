import { configureZodForCsp } from "./lib/validation/configure-zod-for-csp";

// Next runs this file in the browser before any application code (app/api-reference/file-conventions/
// instrumentation-client), so zod is configured before the forms' schemas are built at import.
configureZodForCsp();
