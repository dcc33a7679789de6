import {
	BOOKING_TRANSITIONS,
	type BookingState,
	type BookingStatus,
	canMove,
	PAYMENT_TRANSITIONS,
	type PaymentStatus,
} from "./booking";

/**
 * What every booking transition is made of: the next state and the effects it implies, which the
 * BookingDO writes in one storage step (the outbox) and drains until delivered. `move` is the only
 * way a transition is built: it checks the booking and payment tables, bumps the version, and adds
 * the history projection. A transition that does not apply returns `changed: false`, never a
 * silent overwrite.
 */
export type BookingEventType =
	| "booking.created"
	| "booking.active"
	| "booking.completed"
	| "booking.failed"
	| "booking.canceled"
	| "payment.updated"
	| "order_item.updated"
	| "saga.needs_attention"
	/** Every item is booked with its partner: the order is confirmed. */
	| "booking.confirmed"
	/** A partner canceled one item while the rest of the booking goes on (its share is refunded). */
	| "order_item.canceled"
	/** A refund (the whole payment, or one item's share) reached the customer. */
	| "payment.refunded";

export type BookingEnd = "CANCELED" | "FAILED" | "COMPLETED";

/** What an event says beyond the booking it carries: the refund or the item it is about. */
export interface EventData {
	itemId?: string;
	amount?: number;
	/** An operator's refund. */
	actionId?: string;
}

export type Effect =
	| { kind: "history" }
	| { kind: "event"; type: BookingEventType; data?: EventData }
	| { kind: "customer.release"; end: BookingEnd }
	| { kind: "cart.reopen" }
	| { kind: "cart.close" }
	| { kind: "payment.void" }
	/** The whole rest of the payment, one item's share (`itemId`), or an operator's amount (`actionId`). */
	| { kind: "payment.refund"; amount: number; itemId?: string; actionId?: string }
	| { kind: "saga.start" };

export type Transition =
	| { changed: true; state: BookingState; effects: Effect[] }
	| { changed: false; state: BookingState };

export const iso = (ms: number) => new Date(ms).toISOString();

export function move(
	state: BookingState,
	now: number,
	to: { booking?: BookingStatus; payment?: PaymentStatus },
	patch: (next: BookingState) => BookingState,
	effects: Effect[],
): Transition {
	if (to.booking && to.booking !== state.status && !canMove(BOOKING_TRANSITIONS, state.status, to.booking)) {
		return { changed: false, state };
	}
	if (
		to.payment &&
		to.payment !== state.payment.status &&
		!canMove(PAYMENT_TRANSITIONS, state.payment.status, to.payment)
	) {
		return { changed: false, state };
	}
	const next = patch({
		...state,
		status: to.booking ?? state.status,
		payment: { ...state.payment, status: to.payment ?? state.payment.status },
		version: state.version + 1,
		updatedAt: iso(now),
	});
	return { changed: true, state: next, effects: [{ kind: "history" }, ...effects] };
}

export const event = (type: BookingEventType, data?: EventData): Effect =>
	data ? { kind: "event", type, data } : { kind: "event", type };
