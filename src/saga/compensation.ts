import { backoff, clone, compensationQueue, type Engine, note, reload, save } from "./saga-log";
import type { CallOutcome, SagaLog } from "./types";

/**
 * Compensation: the steps that may hold a booking are cancelled one at a time, newest effect
 * first, each retried until it succeeds (past the attention threshold a person is asked to
 * look); then the final compensation (the refund) closes the saga.
 */
/** What a cancel that found nothing at the partner notes in the step's history. */
export const NOTHING_BOOKED = "the partner never booked it";

export async function compensateNext(engine: Engine, input: SagaLog): Promise<SagaLog> {
	const now = engine.now();
	const log = clone(input);
	const queue = compensationQueue(log);
	const step = queue[0];
	if (!step) {
		log.status = "REFUNDING";
		log.final.state = "PENDING";
		log.updatedAt = now;
		await save(engine, log);
		return log;
	}
	if ((step.nextAttemptAt ?? 0) > now) return log;
	// COMPENSATING means "a cancel call is out": found on restart, it was interrupted.
	const prior = step.state;
	step.state = "COMPENSATING";
	step.compensationAttempts += 1;
	log.updatedAt = now;
	await save(engine, log);
	const outcome = await engine.effects
		.compensate(step)
		.catch((error): CallOutcome => ({ kind: "unknown", error: String(error) }));
	const after = engine.now();
	const next = reload(engine, log);
	const target = next.steps.find((s) => s.id === step.id);
	// Someone else settled the step meanwhile (it is no longer the cancel this call was for).
	if (target?.state !== "COMPENSATING") return next;
	note(target, {
		action: "compensate",
		at: after,
		outcome: outcome.kind,
		...("error" in outcome
			? { detail: outcome.error }
			: "reason" in outcome
				? { detail: outcome.reason }
				: outcome.kind === "ok" && outcome.nothingBooked
					? { detail: NOTHING_BOOKED }
					: {}),
	});
	if (outcome.kind === "ok" && outcome.nothingBooked) {
		// The partner holds nothing for this key (it rejected it, or never got the call): there was
		// no booking to undo, and the item was never booked.
		target.state = "FAILED";
		target.mayHaveEffect = false;
		target.nextAttemptAt = undefined;
		target.lastError ??= "the partner never booked it";
	} else if (outcome.kind === "ok") {
		target.state = "COMPENSATED";
		target.nextAttemptAt = undefined;
		target.lastError = undefined;
	} else {
		// Compensation never gives up; past the threshold a person is asked to look.
		target.state = prior;
		target.lastError =
			"error" in outcome ? outcome.error : "reason" in outcome ? outcome.reason : outcome.kind;
		target.nextAttemptAt =
			after + backoff(engine.policy, target.compensationAttempts, engine.random ?? Math.random);
		if (target.compensationAttempts >= engine.policy.attentionThreshold) next.needsAttention = true;
	}
	next.updatedAt = after;
	await save(engine, next);
	return next;
}

export async function refund(engine: Engine, input: SagaLog): Promise<SagaLog> {
	const now = engine.now();
	const log = clone(input);
	if ((log.final.nextAttemptAt ?? 0) > now) return log;
	log.final.state = "IN_FLIGHT";
	log.final.attempts += 1;
	log.updatedAt = now;
	await save(engine, log);
	const outcome = await engine.effects
		.finalCompensation()
		.catch((error): CallOutcome => ({ kind: "unknown", error: String(error) }));
	const after = engine.now();
	const next = reload(engine, log);
	if (next.final.state !== "IN_FLIGHT") return next;
	note(next.final, {
		action: "final",
		at: after,
		outcome: outcome.kind,
		...("error" in outcome ? { detail: outcome.error } : {}),
	});
	if (outcome.kind === "ok") {
		next.final.state = "DONE";
		next.final.nextAttemptAt = undefined;
		next.status = "FAILED";
	} else {
		next.final.state = "PENDING";
		next.final.lastError =
			"error" in outcome ? outcome.error : "reason" in outcome ? outcome.reason : outcome.kind;
		next.final.nextAttemptAt =
			after + backoff(engine.policy, next.final.attempts, engine.random ?? Math.random);
		if (next.final.attempts >= engine.policy.attentionThreshold) next.needsAttention = true;
	}
	next.updatedAt = after;
	await save(engine, next);
	return next;
}

/** An async partner confirmed or rejected a PENDING booking. Idempotent. */
