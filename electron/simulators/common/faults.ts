import { z } from 'zod';

/**
 * Faults a simulator can be told to inject into its next answers, the way real providers misbehave:
 * slow answers, 5xx and 429, bodies that are not JSON or are cut off, fields renamed or retyped
 * ("schema drift"), and credentials rejected even though they are right.
 */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(120_000) }),
  z.object({ kind: z.literal('status'), status: z.number().int().min(400).max(599) }),
  z.object({ kind: z.literal('malformed-json') }),
  z.object({ kind: z.literal('truncated') }),
  z.object({ kind: z.literal('schema-drift') }),
  z.object({ kind: z.literal('wrong-credentials') }),
]);
export type Fault = z.infer<typeof faultSchema>;

/** `POST /__sim/faults` body: a fault for the next `times` requests (`times: 0` = until cleared). */
export const faultRequestSchema = z.object({
  fault: faultSchema,
  times: z.number().int().min(0).max(1_000_000).default(1),
});

interface Entry {
  fault: Fault;
  remaining: number; // Infinity while "until cleared"
}

export class FaultQueue {
  #entries: Entry[] = [];

  /** Injects `fault` into the next `times` requests; `times: 0` keeps it until `clear()`. */
  push(fault: Fault, times = 1): void {
    this.#entries.push({ fault, remaining: times === 0 ? Number.POSITIVE_INFINITY : times });
  }

  clear(): void {
    this.#entries = [];
  }

  get pending(): number {
    return this.#entries.length;
  }

  /** The faults for one request: at most one of each kind, earliest first; each use counts down. */
  take(): Fault[] {
    const taken: Fault[] = [];
    const kinds = new Set<string>();
    for (const entry of this.#entries) {
      if (kinds.has(entry.fault.kind)) continue;
      kinds.add(entry.fault.kind);
      taken.push(entry.fault);
      entry.remaining -= 1;
    }
    this.#entries = this.#entries.filter((entry) => entry.remaining > 0);
    return taken;
  }
}
