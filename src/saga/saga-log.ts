import { jitteredBackoff } from "../lib/backoff";
import type { Attempt, SagaEffects, SagaLog, SagaPolicy, SagaStore, StepLog, StepSpec } from "./types";

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
export async function save(engine: Engine, log: SagaLog): Promise<void> {
	const stored = engine.store.load();
	const base = log.rev ?? 0;
	if (stored && (stored.rev ?? 0) !== base) throw new StaleSagaWriteError(log.id, base, stored.rev ?? 0);
	log.rev = base + 1;
	await engine.store.save(log);
}

/** The stored log, read again after an await: the only base for what the await's outcome changes. */
export function reload(engine: Engine, fallback: SagaLog): SagaLog {
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
	return jitteredBackoff(attempt, { baseMs: policy.baseBackoffMs, maxMs: policy.maxBackoffMs }, random);
}

export const clone = (log: SagaLog): SagaLog => structuredClone(log);
export const note = (step: { history: Attempt[] }, attempt: Attempt) => {
	step.history = [...step.history.slice(-19), attempt];
};

/**
 * Moves the saga as far as it can go now and returns it. Never re-entered concurrently (the
 * host serialises calls). A step found IN_FLIGHT was interrupted by a crash: its outcome is
 * unknown, so it is repeated with the same idempotency key (or cancelled if compensating).
 */
export function fail(step: StepLog, reason: string, now: number): void {
	step.state = "FAILED";
	step.lastError = reason;
	step.nextAttemptAt = undefined;
	step.effectSeq ??= now;
}

export function compensationQueue(log: SagaLog): StepLog[] {
	return log.steps
		.filter((step) => step.state !== "COMPENSATED" && (step.mayHaveEffect || step.state === "SUCCEEDED"))
		.sort((a, b) => (b.effectSeq ?? Number.MAX_SAFE_INTEGER) - (a.effectSeq ?? Number.MAX_SAFE_INTEGER));
}

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
