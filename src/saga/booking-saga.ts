import type { OrderItemStatus } from "../domain/booking";
import { bookingOf } from "../durable/stubs";
import { configOf } from "../lib/config";
import { log as logLine } from "../lib/log";
import { metric } from "../lib/metrics";
import type { Trace } from "../lib/trace";
import { type PartnerBookingItem, partnerBooking } from "./partner-booking";
import type { CallOutcome, SagaEffects, SagaLog, StepLog, StepSpec } from "./types";

/**
 * The booking saga: one partner-booking step per order item (saga/partner-booking.ts: book it
 * with its business type's partner, cancel it to compensate); the final compensation tells the
 * BookingDO the saga failed, which fails the booking and refunds the payment.
 */
export type SagaItem = PartnerBookingItem;

export interface SagaPlan {
	bookingId: string;
	items: SagaItem[];
	/** The trace the saga was started in (the payment webhook's), resumed by every later run. */
	trace?: Trace;
}

export function stepsOf(plan: SagaPlan): StepSpec[] {
	return plan.items.map((item) => ({
		id: item.itemId,
		key: partnerBooking.key(plan.bookingId, item.itemId),
	}));
}

/** The saga's side effects against the real partners and the booking, for the engine. */
export function bookingSagaEffects(env: Env, plan: SagaPlan, log: () => SagaLog | undefined): SagaEffects {
	const config = configOf(env);
	const itemOf = (step: StepLog): SagaItem => {
		const item = plan.items.find((i) => i.itemId === step.id);
		if (!item) throw new Error(`saga ${plan.bookingId} has no item ${step.id}`);
		return item;
	};
	const endpoint = (item: SagaItem) => ({
		url: config.partners[item.businessType],
		timeoutMs: config.partnerTimeoutMs,
	});
	/** One partner call, timed: a saga.step or saga.compensation line and a partner_call point. */
	const observed = async (
		action: "book" | "cancel",
		step: StepLog,
		call: (item: SagaItem) => Promise<CallOutcome>,
	): Promise<CallOutcome> => {
		const item = itemOf(step);
		const started = Date.now();
		const outcome = await call(item);
		const ms = Date.now() - started;
		const failed = outcome.kind === "transient" || outcome.kind === "unknown" || outcome.kind === "rejected";
		logLine(failed ? "warn" : "info", action === "book" ? "saga.step" : "saga.compensation", {
			bookingId: plan.bookingId,
			itemId: item.itemId,
			businessType: item.businessType,
			attempt: action === "book" ? step.attempts : step.compensationAttempts,
			outcome: outcome.kind,
			...(outcome.kind === "ok" && outcome.nothingBooked ? { nothingBooked: true } : {}),
			...("ref" in outcome && outcome.ref ? { partnerRef: outcome.ref } : {}),
			...("error" in outcome ? { error: outcome.error } : {}),
			...("reason" in outcome ? { reason: outcome.reason } : {}),
			ms,
		});
		metric(env, "partner_call", {
			labels: [item.businessType, action, outcome.kind],
			values: { ms },
		});
		return outcome;
	};
	return {
		invoke: (step) =>
			observed("book", step, (item) => partnerBooking.invoke(endpoint(item), plan.bookingId, item, step)),
		compensate: (step) =>
			observed("cancel", step, (item) => partnerBooking.compensate(endpoint(item), item, step)),
		finalCompensation: async (): Promise<CallOutcome> => {
			const current = log();
			const reason = current?.failureReason ?? "A partner could not book an item";
			await bookingOf(env, plan.bookingId).sagaCompensated(
				reason,
				current ? progressOf(plan, current).items : [],
			);
			return { kind: "ok" };
		},
	};
}

/** How a step's progress reads as the order item's status. */
export function itemStatusOf(step: StepLog): OrderItemStatus {
	switch (step.state) {
		case "PENDING":
			return "PENDING";
		case "IN_FLIGHT":
		case "RETRY_WAIT":
		case "AWAITING_CONFIRMATION":
			return "BOOKING";
		case "SUCCEEDED":
			return "BOOKED";
		case "FAILED":
			return step.mayHaveEffect ? "CANCELING" : "BOOK_FAILED";
		case "COMPENSATING":
			return "CANCELING";
		case "COMPENSATED":
			return "CANCELED";
	}
}

export interface SagaProgress {
	bookingId: string;
	status: SagaLog["status"];
	needsAttention: boolean;
	updatedAt: number;
	failureReason?: string;
	items: Array<{ itemId: string; status: OrderItemStatus; partnerRef?: string }>;
}

export function progressOf(plan: SagaPlan, log: SagaLog): SagaProgress {
	return {
		bookingId: plan.bookingId,
		status: log.status,
		needsAttention: log.needsAttention,
		updatedAt: log.updatedAt,
		...(log.failureReason ? { failureReason: log.failureReason } : {}),
		items: log.steps.map((step) => ({
			itemId: step.id,
			status: itemStatusOf(step),
			...(step.ref ? { partnerRef: step.ref } : {}),
		})),
	};
}
