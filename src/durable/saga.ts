/**
 * SagaDO — one per booking: hosts the booking saga.
 * Responsibilities:
 * - starts once per booking (idempotent) and runs the generic engine from src/saga/ with the
 *   booking saga's steps against the partner gateways;
 * - the saga log (every step's state, attempts, key, partner ref, errors) is written before and
 *   after every call, so a restart resumes from storage through the alarm;
 * - async confirmations arrive as messages queued next to the log and applied by the alarm, so
 *   they can never be overwritten by a run in progress;
 * - reports progress to the BookingDO (latest state, retried until delivered) and, as the final
 *   compensation, tells it the saga failed so it refunds.
 */
import type { BusinessType } from "../domain/business";
import { type Clock, systemClock } from "../lib/clock";
import { configOf } from "../lib/config";
import { log as logLine, warn } from "../lib/log";
import { metric } from "../lib/metrics";
import { OneAtATime } from "../lib/one-at-a-time";
import { currentTrace, resumedTrace, withTrace } from "../lib/trace";
import { bookingSagaEffects, progressOf, type SagaPlan, stepsOf } from "../saga/booking-saga";
import { advance, confirm, newSaga, nextWake } from "../saga/engine";
import { operate, type SagaOperation } from "../saga/operator";
import type { SagaLog, StepLog } from "../saga/types";
import { bookingOf } from "./stubs";
import { TracedObject } from "./traced";

const PLAN = "plan";
const LOG = "log";
const CONFIRMATIONS = "confirmations";
const SYNC = "sync-pending";

export type ConfirmOutcome =
	| { ok: true; duplicate: boolean }
	| { ok: false; code: "BOOKING_NOT_FOUND" | "ITEM_NOT_FOUND" | "CALLBACK_MISMATCH"; detail: string };

/** Step states a confirmation can still settle (its book call may not have answered yet). */
const WAITING: ReadonlyArray<StepLog["state"]> = [
	"PENDING",
	"IN_FLIGHT",
	"RETRY_WAIT",
	"AWAITING_CONFIRMATION",
];

interface Confirmation {
	itemId: string;
	verdict: "confirmed" | "rejected";
	ref?: string;
	at: number;
}

export class SagaDO extends TracedObject {
	clock: Clock = systemClock;

	async start(plan: SagaPlan): Promise<{ started: boolean; status: SagaLog["status"] }> {
		const kv = this.ctx.storage.kv;
		const existing = kv.get<SagaLog>(LOG);
		if (existing) return { started: false, status: existing.status };
		const log = newSaga(plan.bookingId, stepsOf(plan), configOf(this.env).saga, this.clock.now());
		// The trace that paid for the booking: runs resumed by the alarm later continue it.
		const trace = currentTrace();
		kv.put(PLAN, trace ? { ...plan, trace } : plan);
		kv.put(LOG, log);
		kv.put(SYNC, true);
		// Run now rather than after an alarm hop; the alarm stays armed in case this run dies.
		await this.ctx.storage.setAlarm(this.clock.now() + configOf(this.env).sagaWatchdogMs);
		this.ctx.waitUntil(this.alarm());
		return { started: true, status: log.status };
	}

	/**
	 * A partner confirmed or rejected an async booking. Applied by the alarm, in order. The
	 * confirmation must come from the item's partner and name the order the step is waiting on.
	 */
	async confirm(confirmation: {
		itemId: string;
		businessType: BusinessType;
		partnerRef: string;
		verdict: "confirmed" | "rejected";
	}): Promise<ConfirmOutcome> {
		const kv = this.ctx.storage.kv;
		const log = kv.get<SagaLog>(LOG);
		const plan = kv.get<SagaPlan>(PLAN);
		const { itemId, businessType, partnerRef, verdict } = confirmation;
		if (!log || !plan)
			return { ok: false, code: "BOOKING_NOT_FOUND", detail: "No such booking is being booked." };
		const item = plan.items.find((i) => i.itemId === itemId);
		const step = log.steps.find((s) => s.id === itemId);
		if (!item || !step)
			return { ok: false, code: "ITEM_NOT_FOUND", detail: `The booking has no item ${itemId}.` };
		if (item.businessType !== businessType || (step.ref !== undefined && step.ref !== partnerRef)) {
			return {
				ok: false,
				code: "CALLBACK_MISMATCH",
				detail:
					item.businessType !== businessType
						? `Item ${itemId} is a ${item.businessType} item, not ${businessType}.`
						: `Item ${itemId} is not being booked as partner order ${partnerRef}.`,
			};
		}
		if (!WAITING.includes(step.state)) return { ok: true, duplicate: true };
		kv.put(CONFIRMATIONS, [
			...(kv.get<Confirmation[]>(CONFIRMATIONS) ?? []),
			{ itemId, verdict, ref: partnerRef, at: this.clock.now() },
		]);
		await this.ctx.storage.setAlarm(this.clock.now());
		return { ok: true, duplicate: false };
	}

	/**
	 * An operator's action on the saga (saga/operator.ts): the log changes in one synchronous
	 * step, on its stored revision, and the alarm runs the engine now. Refused: nothing changes.
	 */
	async operate(
		operation: SagaOperation,
		args: { itemId?: string; actor: string; reason: string },
	): Promise<{ ok: true; summary: string } | { ok: false; why: string }> {
		const kv = this.ctx.storage.kv;
		const log = kv.get<SagaLog>(LOG);
		if (!log) return { ok: false, why: "The booking has no saga: it was never paid." };
		const now = this.clock.now();
		const result = operate(log, operation, {
			...args,
			now,
			attentionThreshold: configOf(this.env).saga.attentionThreshold,
		});
		if (!result.ok) return result;
		kv.put(LOG, { ...result.log, rev: (log.rev ?? 0) + 1 });
		kv.put(SYNC, true);
		await this.ctx.storage.setAlarm(now);
		return { ok: true, summary: result.summary };
	}

	async inspect(): Promise<{ plan?: SagaPlan; log?: SagaLog; syncPending: boolean; alarm: number | null }> {
		const kv = this.ctx.storage.kv;
		return {
			plan: kv.get<SagaPlan>(PLAN),
			log: kv.get<SagaLog>(LOG),
			syncPending: kv.get(SYNC) === true,
			alarm: await this.ctx.storage.getAlarm(),
		};
	}

	/**
	 * One run at a time in this instance: a test harness (or a retried alarm) may call in while a
	 * run awaits a partner, and a step found IN_FLIGHT must mean a crash, never a sibling run.
	 */
	private readonly runs = new OneAtATime();

	override async alarm(): Promise<void> {
		// Called by start() inside its trace; dispatched by the runtime, in the stored one.
		const stored = currentTrace() ? undefined : this.ctx.storage.kv.get<SagaPlan>(PLAN)?.trace;
		return withTrace(stored && resumedTrace(stored, "saga"), () => this.runs.run(() => this.runAlarm()));
	}

	private async runAlarm(): Promise<void> {
		const kv = this.ctx.storage.kv;
		const plan = kv.get<SagaPlan>(PLAN);
		if (!plan) return;
		this.applyConfirmations();
		// A watchdog first: if the process dies during a partner call, this alarm resumes the saga.
		// (A run started by start() finds it armed already, and saves a storage write.)
		const config = configOf(this.env);
		const watchdog = this.clock.now() + config.sagaWatchdogMs;
		const armed = await this.ctx.storage.getAlarm();
		if (armed === null || armed < watchdog - 1_000) await this.ctx.storage.setAlarm(watchdog);
		const before = kv.get<SagaLog>(LOG);
		const log = await advance({
			store: {
				load: () => kv.get<SagaLog>(LOG),
				save: (next) => {
					kv.put(LOG, next);
					kv.put(SYNC, true);
				},
			},
			effects: bookingSagaEffects(this.env, plan, () => kv.get<SagaLog>(LOG)),
			policy: config.saga,
			now: () => this.clock.now(),
		});
		if (log && before) this.observe(plan, before, log);
		let syncRetryAt: number | undefined;
		if (log && kv.get(SYNC) === true) {
			try {
				await bookingOf(this.env, plan.bookingId).sagaProgress(progressOf(plan, log));
				// Only clear the flag if nothing changed while the message was on its way.
				if (JSON.stringify(kv.get(LOG)) === JSON.stringify(log)) kv.delete(SYNC);
			} catch (error) {
				warn("saga progress not delivered", { booking: plan.bookingId, error: String(error) });
				syncRetryAt = this.clock.now() + config.sagaProgressRetryMs;
			}
		}
		const current = kv.get<SagaLog>(LOG);
		const wakes = [
			current ? nextWake(current, this.clock.now()) : undefined,
			syncRetryAt,
			kv.get(CONFIRMATIONS) ? this.clock.now() : undefined,
		];
		const next = wakes.filter((t): t is number => t !== undefined);
		if (next.length > 0) await this.ctx.storage.setAlarm(Math.min(...next));
		else await this.ctx.storage.deleteAlarm();
	}

	/** A saga that needs a person says so once (a log line); a finished one is a data point. */
	private observe(plan: SagaPlan, before: SagaLog, after: SagaLog): void {
		if (after.needsAttention && !before.needsAttention) {
			const stuck = after.steps.filter((s) => s.state === "COMPENSATING" || s.state === "FAILED");
			logLine("error", "saga.needs_attention", {
				bookingId: plan.bookingId,
				status: after.status,
				items: stuck.map((s) => ({ itemId: s.id, attempts: s.compensationAttempts, error: s.lastError })),
			});
		}
		const finished = (status: SagaLog["status"]) => status === "SUCCEEDED" || status === "FAILED";
		if (finished(after.status) && !finished(before.status)) {
			const ms = after.updatedAt - after.startedAt;
			metric(this.env, "saga_outcome", {
				labels: [after.status, after.needsAttention ? "attention" : "clean"],
				values: { ms, items: after.steps.length },
			});
		}
	}

	private applyConfirmations(): void {
		const kv = this.ctx.storage.kv;
		const queued = kv.get<Confirmation[]>(CONFIRMATIONS);
		const log = kv.get<SagaLog>(LOG);
		if (!queued?.length || !log) return;
		let next = log;
		for (const c of queued) next = confirm(next, c.itemId, c.verdict, c.at, c.ref);
		kv.put(LOG, next);
		kv.put(SYNC, true);
		kv.delete(CONFIRMATIONS);
	}
}
