import { z } from "zod";

/**
 * Fault injection for chaos runs: per target, a share of calls that fail at once (503), a share
 * that do their work and then hold the answer past the caller's timeout, and added latency.
 */

export const FAULT_TARGETS = [
	"TAXI",
	"RENT",
	"DELIVERY",
	"SHUTTLE",
	"PAYMENT",
	"REFUND",
	"NOTIFICATION",
	"CONFIG",
] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

const Rate = z.number().min(0).max(1);

export const FaultBody = z.object({
	target: z.enum(FAULT_TARGETS),
	failRate: Rate.default(0),
	timeoutRate: Rate.default(0),
	latencyMs: z.number().int().min(0).max(60_000).default(0),
});
export type FaultBody = z.infer<typeof FaultBody>;

export type Fault = FaultBody & { updatedAt: string };

/** What one call does under a fault, decided before the call does anything. */
export type FaultDecision = { fail: boolean; latencyMs: number; hold: boolean };

export const NO_FAULT: FaultDecision = { fail: false, latencyMs: 0, hold: false };

export function decide(fault: Fault | null, random: () => number = Math.random): FaultDecision {
	if (!fault) return NO_FAULT;
	return { fail: random() < fault.failRate, latencyMs: fault.latencyMs, hold: random() < fault.timeoutRate };
}
