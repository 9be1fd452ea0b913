import { z } from "zod";

/** Body of POST /api/worker/drain; both limits keep one HTTP call well inside proxy timeouts. */
export const workerDrainInputSchema = z.object({
  maxMessages: z.number().int().min(1).max(10_000).default(500),
  maxMs: z.number().int().min(100).max(120_000).default(25_000),
});
export type WorkerDrainInput = z.input<typeof workerDrainInputSchema>;
