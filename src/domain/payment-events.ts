import type { BookingState } from "./booking";
import { paid, paymentEnded } from "./booking-flow";
import { refundSucceeded } from "./refund-flow";
import type { Transition } from "./transition";

/** A payment processor's webhook, as the booking it names sees it. */
export interface PaymentEvent {
	id: string;
	type: "payment.paid" | "payment.failed" | "payment.canceled" | "refund.succeeded";
	data: {
		paymentId: string;
		reference: string;
		amount: number;
		paidAt?: string;
		refund?: { refundId: string; amount: number; reference?: string };
	};
}

/** A payment webhook as a transition of the booking it names (the payment id is learnt from it). */
export function applyPaymentEvent(booking: BookingState, event: PaymentEvent, now: number): Transition {
	const known = booking.payment.paymentId
		? booking
		: { ...booking, payment: { ...booking.payment, paymentId: event.data.paymentId } };
	switch (event.type) {
		case "payment.paid":
			return paid(known, event.data.paidAt ?? new Date(now).toISOString(), now);
		case "payment.failed":
			return paymentEnded(known, "FAILED", now);
		case "payment.canceled":
			return paymentEnded(known, "CANCELED", now);
		case "refund.succeeded":
			return refundSucceeded(known, now, event.data.refund ?? {});
	}
}

/** Why a webhook does not belong to the booking it names, if it does not. */
export function paymentEventMismatch(
	booking: BookingState,
	event: PaymentEvent,
): { code: "PAYMENT_MISMATCH" | "AMOUNT_MISMATCH"; detail: string } | undefined {
	const { payment } = booking;
	if (payment.paymentId && payment.paymentId !== event.data.paymentId) {
		return {
			code: "PAYMENT_MISMATCH",
			detail: `Payment ${event.data.paymentId} does not belong to booking ${booking.id}.`,
		};
	}
	if (event.data.amount !== payment.amount) {
		return {
			code: "AMOUNT_MISMATCH",
			detail: `The event's amount ${event.data.amount} is not the booking's ${payment.amount}.`,
		};
	}
	return undefined;
}
