import type { OrderItemStatus } from "../domain/booking";
import type { BusinessType } from "../domain/business";
import type { PartnerBooking } from "../partners/partner-gateway";
import type { SagaLog, StepLog, StepSpec } from "./types";

/**
 * The booking saga: one step per order item — book it with its business type's partner;
 * compensation cancels it; the final compensation fails the booking and refunds the payment.
 */
export interface SagaItem extends Omit<PartnerBooking, "bookingId"> {
	businessType: BusinessType;
}

export interface SagaPlan {
	bookingId: string;
	items: SagaItem[];
}

/** The key exists before the call, so a repeated call (after a crash) is deduplicated. */
export const bookKey = (bookingId: string, itemId: string) => `${bookingId}:${itemId}:book`;

export function stepsOf(plan: SagaPlan): StepSpec[] {
	return plan.items.map((item) => ({ id: item.itemId, key: bookKey(plan.bookingId, item.itemId) }));
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
