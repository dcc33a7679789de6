import type { BookingState } from "./booking";
import type { SagaItemProgress } from "./item-flow";
import { refundable } from "./payment-methods";
import { refundedSoFar } from "./refund-flow";
import { type Effect, event, iso, move, type Transition } from "./transition";

/**
 * The booking's and the payment's own transitions (checkout, payment, cancel, receipt, the
 * saga's failure); the items' are in item-flow.ts, the refunds' in refund-flow.ts.
 */
/**
 * The processor issued a payment link: the customer can pay until it expires. A link that
 * arrives after the booking was canceled (the customer canceled while it was being made) is
 * recorded and voided, so it can never be paid.
 */
export function linkIssued(
	state: BookingState,
	link: { paymentId: string; url: string; expiresAt: string },
	now: number,
): Transition {
	if (state.status === "CANCELED" && !state.payment.paymentId) {
		return move(state, now, {}, (s) => ({ ...s, payment: { ...s.payment, paymentId: link.paymentId } }), [
			{ kind: "payment.void" },
		]);
	}
	if (state.status !== "CREATED" || state.payment.status !== "REQUEST_PAYMENT_LINK")
		return { changed: false, state };
	return move(
		state,
		now,
		{ payment: "WAITING_FOR_PAYMENT" },
		(s) => ({ ...s, payment: { ...s.payment, ...link } }),
		[event("payment.updated")],
	);
}

/** Cash is settled on service: nothing to collect now, the booking goes ahead at once. */
export function settledOnService(state: BookingState, now: number): Transition {
	if (state.status !== "CREATED") return { changed: false, state };
	return move(state, now, { booking: "ACTIVE", payment: "PAID" }, (s) => s, [
		event("payment.updated"),
		event("booking.active"),
		{ kind: "saga.start" },
	]);
}

/** Checkout could not finish (limits, no payment link): cancel, give back what was taken. */
export function checkoutFailed(
	state: BookingState,
	reason: string,
	now: number,
	reserved: boolean,
): Transition {
	if (state.status !== "CREATED") return { changed: false, state };
	const effects: Effect[] = [event("payment.updated"), event("booking.canceled"), { kind: "cart.reopen" }];
	if (reserved) effects.push({ kind: "customer.release", end: "CANCELED" });
	return move(
		state,
		now,
		{ booking: "CANCELED", payment: "FAILED" },
		(s) => ({ ...s, cancelReason: reason, payment: { ...s.payment, failureReason: reason } }),
		effects,
	);
}

/**
 * Money arrived. Before the booking ended it activates the booking; after cancel or expiry
 * it is recorded and refunded in full, so it is never silently kept.
 */
export function paid(state: BookingState, paidAt: string, now: number): Transition {
	const { payment } = state;
	if (
		state.status === "CREATED" &&
		(payment.status === "WAITING_FOR_PAYMENT" || payment.status === "REQUEST_PAYMENT_LINK")
	) {
		return move(
			state,
			now,
			{ booking: "ACTIVE", payment: "PAID" },
			(s) => ({ ...s, payment: { ...s.payment, paidAt } }),
			[event("payment.updated"), event("booking.active"), { kind: "saga.start" }],
		);
	}
	if (
		state.status === "CANCELED" &&
		(payment.status === "CANCELED" || payment.status === "FAILED" || payment.status === "WAITING_FOR_PAYMENT")
	) {
		const recorded = { ...state, payment: { ...payment, status: "PAID" as const, paidAt } };
		return move(
			recorded,
			now,
			{ payment: "REQUEST_REFUND" },
			(s) => ({ ...s, payment: { ...s.payment, refund: { amount: payment.amount, requestedAt: iso(now) } } }),
			[event("payment.updated"), { kind: "payment.refund", amount: payment.amount }],
		);
	}
	return { changed: false, state };
}

/** The customer's payment failed or was canceled at the processor. */
export function paymentEnded(state: BookingState, outcome: "FAILED" | "CANCELED", now: number): Transition {
	if (state.status !== "CREATED" || state.payment.status !== "WAITING_FOR_PAYMENT")
		return { changed: false, state };
	return move(
		state,
		now,
		{ booking: "CANCELED", payment: outcome },
		(s) => ({ ...s, cancelReason: outcome === "FAILED" ? "PAYMENT_FAILED" : "PAYMENT_CANCELED" }),
		[
			event("payment.updated"),
			event("booking.canceled"),
			{ kind: "customer.release", end: "CANCELED" },
			{ kind: "cart.reopen" },
		],
	);
}

/** Unpaid at the deadline, or canceled by the customer: void the link and cancel. */
export function cancelUnpaid(
	state: BookingState,
	reason: "PAYMENT_EXPIRED" | "CANCELED_BY_CUSTOMER",
	now: number,
): Transition {
	if (state.status !== "CREATED") return { changed: false, state };
	const effects: Effect[] = [
		event("payment.updated"),
		event("booking.canceled"),
		{ kind: "customer.release", end: "CANCELED" },
		{ kind: "cart.reopen" },
	];
	if (state.payment.paymentId) effects.unshift({ kind: "payment.void" });
	return move(
		state,
		now,
		{ booking: "CANCELED", payment: "CANCELED" },
		(s) => ({ ...s, cancelReason: reason }),
		effects,
	);
}

/** A completed booking's receipt was accepted by the document generator under this id. */
export function receiptRequested(state: BookingState, documentId: string, now: number): Transition {
	if (state.status !== "COMPLETED" || state.receiptRequest?.documentId === documentId)
		return { changed: false, state };
	return move(state, now, {}, (s) => ({ ...s, receiptRequest: { documentId, requestedAt: iso(now) } }), []);
}

/** The document generator rendered the receipt the booking asked for. */
export function receiptReady(state: BookingState, documentId: string, url: string, now: number): Transition {
	if (state.receipt?.documentId === documentId || state.receiptRequest?.documentId !== documentId)
		return { changed: false, state };
	return move(state, now, {}, (s) => ({ ...s, receipt: { documentId, url, readyAt: iso(now) } }), []);
}

/**
 * Everything booked was cancelled: the booking fails and the money goes back in full
 * (cash was never collected, so there is nothing to refund).
 */
export function sagaFailed(
	state: BookingState,
	reason: string,
	now: number,
	final: readonly SagaItemProgress[] = [],
): Transition {
	if (state.status !== "ACTIVE") return { changed: false, state };
	// The saga's last word on each item wins; anything it did not mention was never booked.
	const items = state.items.map((item) => {
		const last = final.find((u) => u.itemId === item.id);
		if (last)
			return { ...item, status: last.status, ...(last.partnerRef ? { partnerRef: last.partnerRef } : {}) };
		return item.status === "BOOK_FAILED" || item.status === "CANCELED"
			? item
			: { ...item, status: "BOOK_FAILED" as const };
	});
	const common: Effect[] = [
		event("payment.updated"),
		event("booking.failed"),
		{ kind: "customer.release", end: "FAILED" },
		{ kind: "cart.close" },
	];
	if (!refundable(state.payment.method)) {
		return move(
			state,
			now,
			{ booking: "FAILED", payment: "CANCELED" },
			(s) => ({ ...s, items, cancelReason: reason }),
			common,
		);
	}
	// A partner may have canceled an item (and its share gone back) before another item failed.
	const amount = state.payment.amount - refundedSoFar(state);
	if (amount <= 0) {
		return move(state, now, { booking: "FAILED" }, (s) => ({ ...s, items, cancelReason: reason }), common);
	}
	return move(
		state,
		now,
		{ booking: "FAILED", payment: "REQUEST_REFUND" },
		(s) => ({
			...s,
			items,
			cancelReason: reason,
			payment: { ...s.payment, refund: { amount, requestedAt: iso(now) } },
		}),
		[...common, { kind: "payment.refund", amount }],
	);
}
