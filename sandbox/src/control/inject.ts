import { durationVar } from "../lib/duration";
import { ApiError } from "../lib/problem";
import { sleep } from "../lib/sleep";
import { decide, type FaultDecision, type FaultTarget } from "./faults";

export const FAULTS_INSTANCE = "faults";

/**
 * Applies the fault set for `target` at the start of a call: fails it with 503 before it does
 * anything, or waits the added latency and tells the caller whether to hold its answer after
 * doing the work (`holdAnswer`).
 */
export async function injectFaults(env: Env, target: FaultTarget): Promise<FaultDecision> {
	const decision = decide(await env.FAULTS.getByName(FAULTS_INSTANCE).get(target));
	if (decision.fail) {
		throw new ApiError(
			503,
			"FAULT_INJECTED",
			`${target} is failing on purpose (failRate fault).`,
			undefined,
			{
				target,
			},
		);
	}
	if (decision.latencyMs > 0) await sleep(decision.latencyMs);
	return decision;
}

/** How long a "timed out" answer is held: long enough that the caller has given up on it. */
export function timeoutHoldMs(env: Env): number {
	return durationVar("PARTNER_TIMEOUT_HOLD", env.PARTNER_TIMEOUT_HOLD, "30s");
}

/** Holds the answer of a call whose work is done, as if the network lost it (sandbox:timeout). */
export async function holdAnswer(env: Env, hold: boolean): Promise<void> {
	if (hold) await sleep(timeoutHoldMs(env));
}
