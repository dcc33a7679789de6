/**
 * A generic saga engine: steps run in parallel, each with an idempotency key written before its
 * call; transient faults retry with backoff until a deadline; a definite rejection fails the
 * saga at once; compensation (compensation.ts) runs newest first and retries until done; a final
 * compensation (the refund) closes a failed saga. All state lives in a store the host persists
 * (SagaDO storage, or memory in tests), so a restart resumes from the last write; every write is
 * built on the stored log (saga-log.ts).
 */
import { compensateNext, refund } from "./compensation";
import { backoff, clone, type Engine, fail, note, reload, save, TERMINAL } from "./saga-log";
import type { CallOutcome, SagaLog, StepLog } from "./types";

export {
	backoff,
	compensationQueue,
	confirm,
	type Engine,
	newSaga,
	nextWake,
	StaleSagaWriteError,
	TERMINAL,
} from "./saga-log";

export async function advance(engine: Engine): Promise<SagaLog | undefined> {
	const loaded = engine.store.load();
	if (!loaded) return undefined;
	let log = recover(clone(loaded), engine.now());
	if (JSON.stringify(log) !== JSON.stringify(loaded)) await save(engine, log);
	for (let round = 0; round < 1_000 && !TERMINAL.includes(log.status); round++) {
		const before =
			log.updatedAt +
			log.status +
			JSON.stringify(log.steps.map((s) => s.state + s.attempts + s.compensationAttempts)) +
			log.final.state;
		if (log.status === "RUNNING") log = await runSteps(engine, log);
		else if (log.status === "COMPENSATING") log = await compensateNext(engine, log);
		else if (log.status === "REFUNDING") log = await refund(engine, log);
		const after =
			log.updatedAt +
			log.status +
			JSON.stringify(log.steps.map((s) => s.state + s.attempts + s.compensationAttempts)) +
			log.final.state;
		if (before === after) break;
	}
	return log;
}

function recover(log: SagaLog, now: number): SagaLog {
	for (const step of log.steps) {
		if (step.state === "IN_FLIGHT") {
			step.state = "RETRY_WAIT";
			step.mayHaveEffect = true;
			step.nextAttemptAt = now;
			note(step, { action: "invoke", at: now, outcome: "interrupted" });
		}
		if (step.state === "COMPENSATING") {
			// Still to be cancelled: whatever it was before, it may hold a booking.
			step.state = "FAILED";
			step.mayHaveEffect = true;
			step.nextAttemptAt = now;
			note(step, { action: "compensate", at: now, outcome: "interrupted" });
		}
	}
	if (log.final.state === "IN_FLIGHT") {
		log.final.state = "PENDING";
		log.final.nextAttemptAt = now;
	}
	return log;
}

async function runSteps(engine: Engine, input: SagaLog): Promise<SagaLog> {
	const now = engine.now();
	const log = clone(input);
	for (const step of log.steps) {
		if (
			(step.state === "RETRY_WAIT" || step.state === "AWAITING_CONFIRMATION" || step.state === "PENDING") &&
			now >= step.deadline
		) {
			fail(
				step,
				step.state === "AWAITING_CONFIRMATION"
					? "no confirmation before the deadline"
					: "deadline passed while retrying",
				now,
			);
		}
	}
	if (log.steps.some((step) => step.state === "FAILED")) return startCompensation(engine, log, now);
	if (log.steps.every((step) => step.state === "SUCCEEDED")) {
		log.status = "SUCCEEDED";
		log.updatedAt = now;
		await save(engine, log);
		return log;
	}
	const due = log.steps.filter(
		(step) => step.state === "PENDING" || (step.state === "RETRY_WAIT" && (step.nextAttemptAt ?? 0) <= now),
	);
	if (due.length === 0) return log;
	// The key and IN_FLIGHT are stored before any call goes out.
	for (const step of due) {
		step.state = "IN_FLIGHT";
		step.attempts += 1;
	}
	log.updatedAt = now;
	await save(engine, log);
	const outcomes = await Promise.all(
		due.map((step) =>
			engine.effects.invoke(step).catch((error): CallOutcome => ({ kind: "unknown", error: String(error) })),
		),
	);
	const after = engine.now();
	// Outcomes land on the log as stored now, and only on steps still waiting for them.
	const next = reload(engine, log);
	due.forEach((original, i) => {
		const step = next.steps.find((s) => s.id === original.id);
		if (step?.state !== "IN_FLIGHT") return;
		applyInvoke(next, step, outcomes[i] as CallOutcome, engine, after);
	});
	next.updatedAt = after;
	if (next.status !== "RUNNING") {
		await save(engine, next);
		return next;
	}
	if (next.steps.some((step) => step.state === "FAILED")) return startCompensation(engine, next, after);
	if (next.steps.every((step) => step.state === "SUCCEEDED")) next.status = "SUCCEEDED";
	await save(engine, next);
	return next;
}

function applyInvoke(log: SagaLog, step: StepLog, outcome: CallOutcome, engine: Engine, now: number): void {
	const detail = "error" in outcome ? outcome.error : "reason" in outcome ? outcome.reason : outcome.ref;
	note(step, { action: "invoke", at: now, outcome: outcome.kind, ...(detail ? { detail } : {}) });
	switch (outcome.kind) {
		case "ok":
			step.state = "SUCCEEDED";
			step.mayHaveEffect = true;
			if (outcome.ref) step.ref = outcome.ref;
			step.effectSeq = ++log.effectCounter;
			step.lastError = undefined;
			return;
		case "pending":
			step.state = "AWAITING_CONFIRMATION";
			step.mayHaveEffect = true;
			if (outcome.ref) step.ref = outcome.ref;
			step.effectSeq = ++log.effectCounter;
			return;
		case "rejected":
			// A definite no for this key: the partner dedupes by it, so an earlier timed-out attempt
			// with the same key booked nothing either. Nothing to cancel.
			fail(step, outcome.reason, now);
			step.mayHaveEffect = false;
			return;
		case "transient":
		case "unknown": {
			// A timeout or a 5xx may still have booked: remember to cancel it if we give up.
			step.mayHaveEffect = true;
			step.lastError = outcome.error;
			const at = now + backoff(engine.policy, step.attempts, engine.random ?? Math.random);
			if (at >= step.deadline) fail(step, `gave up after ${step.attempts} attempts: ${outcome.error}`, now);
			else {
				step.state = "RETRY_WAIT";
				step.nextAttemptAt = at;
			}
			return;
		}
	}
}

async function startCompensation(engine: Engine, input: SagaLog, now: number): Promise<SagaLog> {
	const log = clone(input);
	log.status = "COMPENSATING";
	log.failureReason ??= log.steps.find((step) => step.state === "FAILED")?.lastError;
	for (const step of log.steps) {
		// Steps never attempted, or definitely refused, have nothing to undo.
		if (step.state === "PENDING" || (!step.mayHaveEffect && step.state !== "SUCCEEDED")) {
			if (step.state === "PENDING") step.state = "FAILED";
			step.lastError ??= "not attempted: the saga is compensating";
		}
		step.nextAttemptAt = undefined;
	}
	log.updatedAt = now;
	await save(engine, log);
	return log;
}

/** Steps to undo, newest effect first; one at a time, so cancellations happen in reverse order. */
