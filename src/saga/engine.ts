import type {
	Attempt,
	CallOutcome,
	SagaEffects,
	SagaLog,
	SagaPolicy,
	SagaStore,
	StepLog,
	StepSpec,
} from "./types";

export const TERMINAL: ReadonlyArray<SagaLog["status"]> = ["SUCCEEDED", "FAILED"];

export function newSaga(id: string, steps: readonly StepSpec[], policy: SagaPolicy, now: number): SagaLog {
	return {
		id,
		status: "RUNNING",
		needsAttention: false,
		steps: steps.map((step) => ({
			id: step.id,
			key: step.key,
			state: "PENDING",
			attempts: 0,
			compensationAttempts: 0,
			mayHaveEffect: false,
			deadline: now + policy.stepDeadlineMs,
			history: [],
		})),
		final: { state: "NOT_NEEDED", attempts: 0, history: [] },
		startedAt: now,
		updatedAt: now,
		effectCounter: 0,
		rev: 0,
	};
}

/** A write built on a log older than the stored one: it would overwrite changes it never saw. */
export class StaleSagaWriteError extends Error {
	constructor(id: string, base: number, stored: number) {
		super(`saga ${id}: refused a write based on revision ${base}; the stored revision is ${stored}`);
		this.name = "StaleSagaWriteError";
	}
}

/**
 * Writes `log`, which must have been derived from the stored revision: a log read before an
 * await and written after it is refused. The revision moves on in place, so the caller may keep
 * editing the same log and save it again.
 */
async function save(engine: Engine, log: SagaLog): Promise<void> {
	const stored = engine.store.load();
	const base = log.rev ?? 0;
	if (stored && (stored.rev ?? 0) !== base) throw new StaleSagaWriteError(log.id, base, stored.rev ?? 0);
	log.rev = base + 1;
	await engine.store.save(log);
}

/** The stored log, read again after an await: the only base for what the await's outcome changes. */
function reload(engine: Engine, fallback: SagaLog): SagaLog {
	return clone(engine.store.load() ?? fallback);
}

export interface Engine {
	store: SagaStore;
	effects: SagaEffects;
	policy: SagaPolicy;
	now(): number;
	random?(): number;
}

export function backoff(policy: SagaPolicy, attempt: number, random: () => number): number {
	const base = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(base / 2 + (random() * base) / 2);
}

const clone = (log: SagaLog): SagaLog => structuredClone(log);
const note = (step: { history: Attempt[] }, attempt: Attempt) => {
	step.history = [...step.history.slice(-19), attempt];
};

/**
 * Moves the saga as far as it can go now and returns it. Never re-entered concurrently (the
 * host serialises calls). A step found IN_FLIGHT was interrupted by a crash: its outcome is
 * unknown, so it is repeated with the same idempotency key (or cancelled if compensating).
 */
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

function fail(step: StepLog, reason: string, now: number): void {
	step.state = "FAILED";
	step.lastError = reason;
	step.nextAttemptAt = undefined;
	step.effectSeq ??= now;
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
export function compensationQueue(log: SagaLog): StepLog[] {
	return log.steps
		.filter((step) => step.state !== "COMPENSATED" && (step.mayHaveEffect || step.state === "SUCCEEDED"))
		.sort((a, b) => (b.effectSeq ?? Number.MAX_SAFE_INTEGER) - (a.effectSeq ?? Number.MAX_SAFE_INTEGER));
}

async function compensateNext(engine: Engine, input: SagaLog): Promise<SagaLog> {
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

async function refund(engine: Engine, input: SagaLog): Promise<SagaLog> {
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
export function confirm(
	input: SagaLog,
	stepId: string,
	verdict: "confirmed" | "rejected",
	now: number,
	ref?: string,
): SagaLog {
	const log = clone(input);
	// A write of its own (the host stores it between runs): the next revision.
	log.rev = (input.rev ?? 0) + 1;
	const step = log.steps.find((s) => s.id === stepId);
	if (!step) return log;
	if (ref) step.ref ??= ref;
	if (step.state !== "AWAITING_CONFIRMATION") return log;
	note(step, { action: "invoke", at: now, outcome: verdict === "confirmed" ? "ok" : "rejected" });
	if (verdict === "confirmed") step.state = "SUCCEEDED";
	else {
		fail(step, "rejected by the partner", now);
		step.mayHaveEffect = false;
	}
	log.updatedAt = now;
	return log;
}

/** When the host should call `advance` next, or undefined when nothing is waiting. */
export function nextWake(log: SagaLog, now: number): number | undefined {
	if (TERMINAL.includes(log.status)) return undefined;
	const times: number[] = [];
	if (log.status === "RUNNING") {
		for (const step of log.steps) {
			if (step.state === "RETRY_WAIT") times.push(Math.min(step.nextAttemptAt ?? now, step.deadline));
			if (step.state === "AWAITING_CONFIRMATION" || step.state === "PENDING")
				times.push(step.state === "PENDING" ? now : step.deadline);
			if (step.state === "IN_FLIGHT") times.push(now);
		}
	} else if (log.status === "COMPENSATING") {
		const head = compensationQueue(log)[0];
		times.push(head?.nextAttemptAt ?? now);
	} else if (log.status === "REFUNDING") times.push(log.final.nextAttemptAt ?? now);
	return times.length ? Math.min(...times) : undefined;
}
