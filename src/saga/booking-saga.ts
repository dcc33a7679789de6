import type { OrderItemStatus } from "../domain/booking";
import { bookingOf } from "../durable/stubs";
import { configOf } from "../lib/config";
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
	return {
		invoke: (step) => {
			const item = itemOf(step);
			return partnerBooking.invoke(endpoint(item), plan.bookingId, item, step);
		},
		compensate: (step) => {
			const item = itemOf(step);
			return partnerBooking.compensate(endpoint(item), item, step);
		},
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
