/**
 * A generic saga engine: steps run in parallel, each with an idempotency key written before
 * its call; transient faults retry with backoff until a deadline; a definite rejection fails
 * the saga at once; compensation runs newest first and retries until done; a final
 * compensation (the refund) closes a failed saga. All state lives in a store the host
 * persists (SagaDO storage, or memory in tests), so a restart resumes from the last write.
 */

/** What a partner call can tell us. `unknown` (a timeout) may or may not have taken effect. */
export type CallOutcome =
	/** `nothingBooked`: a cancel found the partner never booked this key (rejected, or never arrived). */
	| { kind: "ok"; ref?: string; nothingBooked?: boolean }
	| { kind: "pending"; ref?: string }
	| { kind: "rejected"; reason: string }
	| { kind: "transient"; error: string }
	| { kind: "unknown"; error: string };

export type StepState =
	| "PENDING"
	| "IN_FLIGHT"
	| "RETRY_WAIT"
	| "AWAITING_CONFIRMATION"
	| "SUCCEEDED"
	| "FAILED"
	| "COMPENSATING"
	| "COMPENSATED";

export interface Attempt {
	action: "invoke" | "compensate" | "final";
	at: number;
	outcome: CallOutcome["kind"] | "interrupted";
	detail?: string;
}

export interface StepLog {
	id: string;
	key: string;
	state: StepState;
	attempts: number;
	compensationAttempts: number;
	ref?: string;
	/** The partner may hold a booking we never heard back about: compensation must cancel it. */
	mayHaveEffect: boolean;
	lastError?: string;
	nextAttemptAt?: number;
	/** When the step (or its async confirmation) gives up. */
	deadline: number;
	/** Order in which the step took effect; compensation runs newest first. */
	effectSeq?: number;
	history: Attempt[];
}

export type SagaStatus = "RUNNING" | "SUCCEEDED" | "COMPENSATING" | "REFUNDING" | "FAILED";

export interface SagaLog {
	id: string;
	status: SagaStatus;
	needsAttention: boolean;
	steps: StepLog[];
	final: {
		state: "NOT_NEEDED" | "PENDING" | "IN_FLIGHT" | "DONE";
		attempts: number;
		lastError?: string;
		nextAttemptAt?: number;
		history: Attempt[];
	};
	failureReason?: string;
	startedAt: number;
	updatedAt: number;
	effectCounter: number;
	/** Moves on with every write; a write must be built on the stored revision (logs before it have none). */
	rev?: number;
}

export interface SagaPolicy {
	/** How long a step may keep retrying (or wait for an async confirmation). */
	stepDeadlineMs: number;
	baseBackoffMs: number;
	maxBackoffMs: number;
	/** Compensation attempts after which the saga is flagged NEEDS_ATTENTION (it keeps retrying). */
	attentionThreshold: number;
}

export interface StepSpec {
	id: string;
	key: string;
}

/** The side effects a saga performs; the host implements them against real partners. */
export interface SagaEffects {
	invoke(step: StepLog): Promise<CallOutcome>;
	compensate(step: StepLog): Promise<CallOutcome>;
	/** The final compensation (the refund); must be idempotent. */
	finalCompensation(): Promise<CallOutcome>;
}

/** Where the log lives. `save` must be durable when it returns. */
export interface SagaStore {
	load(): SagaLog | undefined;
	save(log: SagaLog): void | Promise<void>;
}
