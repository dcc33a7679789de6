import { clone, compensationQueue, note } from "./saga-log";
import type { SagaLog, StepLog } from "./types";

/**
 * What an operator may do to a saga, as pure changes of its log: each answers the next log, or
 * why it is not allowed in the saga's current state (nothing changes then). The host writes the
 * log in one synchronous step and wakes the engine, which goes on as it would on its own: an
 * operator never moves a step or money any other way.
 */
export type SagaOperation = "retry-now" | "resume" | "mark-compensated" | "force-compensate";

export type OperationResult = { ok: true; log: SagaLog; summary: string } | { ok: false; why: string };

export interface OperationInput {
	itemId?: string;
	now: number;
	actor: string;
	reason: string;
	/** Failed cancels after which a step holds the saga in NEEDS_ATTENTION. */
	attentionThreshold: number;
}

/** Steps (and the final compensation) waiting for their next attempt. */
function waiting(log: SagaLog, now: number): { steps: StepLog[]; final: boolean } {
	const due = (step: { nextAttemptAt?: number }) => (step.nextAttemptAt ?? 0) > now;
	const steps =
		log.status === "RUNNING"
			? log.steps.filter((step) => step.state === "RETRY_WAIT" && due(step))
			: log.status === "COMPENSATING"
				? compensationQueue(log).filter(due)
				: [];
	return { steps, final: log.status === "REFUNDING" && log.final.state === "PENDING" && due(log.final) };
}

/** The steps whose failing cancels hold the saga in NEEDS_ATTENTION. */
function stuck(log: SagaLog, threshold: number): StepLog[] {
	return compensationQueue(log).filter((step) => step.compensationAttempts >= threshold);
}

export function operate(input: SagaLog, operation: SagaOperation, args: OperationInput): OperationResult {
	const log = clone(input);
	const { now } = args;
	switch (operation) {
		case "retry-now": {
			const { steps, final } = waiting(log, now);
			if (steps.length === 0 && !final)
				return { ok: false, why: `Nothing is waiting to retry: the saga is ${log.status}.` };
			// Due now, once; the attempt counts stay, so the backoff after it goes on from there.
			for (const step of steps) step.nextAttemptAt = now;
			if (final) log.final.nextAttemptAt = now;
			log.updatedAt = now;
			const what = [...steps.map((s) => `item ${s.id}`), ...(final ? ["the refund"] : [])].join(", ");
			return { ok: true, log, summary: `retried ${what} now` };
		}
		case "resume": {
			if (!log.needsAttention)
				return { ok: false, why: `The saga does not need attention (it is ${log.status}).` };
			for (const step of compensationQueue(log)) {
				step.compensationAttempts = 0;
				step.nextAttemptAt = now;
			}
			if (log.status === "REFUNDING" && log.final.state === "PENDING") {
				log.final.attempts = 0;
				log.final.nextAttemptAt = now;
			}
			log.needsAttention = false;
			log.updatedAt = now;
			return { ok: true, log, summary: "resumed the compensation, attempts reset" };
		}
		case "force-compensate": {
			if (log.status !== "RUNNING" && log.status !== "SUCCEEDED")
				return { ok: false, why: `The saga is ${log.status}: it is already being undone or over.` };
			const out = log.steps.find((step) => step.state === "IN_FLIGHT");
			if (out) return { ok: false, why: `A partner call for item ${out.id} is out; try again in a moment.` };
			for (const step of log.steps) {
				if (step.state === "PENDING") {
					step.state = "FAILED";
					step.mayHaveEffect = false;
				} else if (step.state === "RETRY_WAIT" || step.state === "AWAITING_CONFIRMATION") {
					// A call may have reached the partner: its cancel (by key) makes sure.
					step.state = "FAILED";
					step.mayHaveEffect = true;
				}
				step.nextAttemptAt = undefined;
			}
			log.status = "COMPENSATING";
			log.failureReason = `Canceled by an operator (${args.actor}): ${args.reason}`;
			log.updatedAt = now;
			return { ok: true, log, summary: "canceled every item and refunds the payment" };
		}
		case "mark-compensated": {
			const step = log.steps.find((s) => s.id === args.itemId);
			if (!step) return { ok: false, why: `The booking has no item ${args.itemId ?? "(none given)"}.` };
			const holding = stuck(log, args.attentionThreshold);
			if (!log.needsAttention || log.status !== "COMPENSATING" || !holding.includes(step)) {
				return {
					ok: false,
					why: log.needsAttention
						? `Item ${step.id}'s cancel is not what holds the saga in NEEDS_ATTENTION (${step.state}, ${step.compensationAttempts} failed cancels).`
						: `Only an item whose cancel holds the saga in NEEDS_ATTENTION can be marked compensated; the saga is ${log.status}.`,
				};
			}
			step.state = "COMPENSATED";
			step.nextAttemptAt = undefined;
			step.lastError = undefined;
			note(step, {
				action: "compensate",
				at: now,
				outcome: "ok",
				detail: `marked compensated by ${args.actor}: ${args.reason}`,
			});
			log.needsAttention = stuck(log, args.attentionThreshold).length > 0;
			log.updatedAt = now;
			return { ok: true, log, summary: `marked item ${step.id} canceled at its partner` };
		}
	}
}
