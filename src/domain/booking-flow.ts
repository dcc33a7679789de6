import {
	BOOKING_TRANSITIONS,
	type BookingState,
	type BookingStatus,
	canMove,
	type OrderItemStatus,
	PAYMENT_TRANSITIONS,
	type PaymentStatus,
} from "./booking";
import type { BusinessType } from "./business";

/**
 * Pure booking transitions. Each returns the next state and the effects it implies; the
 * BookingDO writes both in one storage step (the outbox) and drains the effects until done.
 * A transition that does not apply returns `changed: false`, never a silent overwrite.
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
}

export type Effect =
	| { kind: "history" }
	| { kind: "event"; type: BookingEventType; data?: EventData }
	| { kind: "customer.release"; end: BookingEnd }
	| { kind: "cart.reopen" }
	| { kind: "cart.close" }
	| { kind: "payment.void" }
	| { kind: "payment.refund"; amount: number; itemId?: string }
	| { kind: "saga.start" };

export type Transition =
	| { changed: true; state: BookingState; effects: Effect[] }
	| { changed: false; state: BookingState };

const iso = (ms: number) => new Date(ms).toISOString();

function move(
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

const event = (type: BookingEventType, data?: EventData): Effect =>
	data ? { kind: "event", type, data } : { kind: "event", type };

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

/** The idempotency key of a refund: the whole payment, or one item's share after a partner cancel. */
export const refundKey = (bookingId: string, itemId?: string) =>
	itemId ? `${bookingId}:${itemId}:refund` : `${bookingId}:refund`;

/** What was refunded or is being refunded so far (every partial share and the full refund). */
export function refundedSoFar(state: BookingState): number {
	const partial = (state.payment.partialRefunds ?? []).reduce((sum, r) => sum + r.amount, 0);
	return partial + (state.payment.refund?.amount ?? 0);
}

/**
 * The processor accepted a refund and named it. Applied to the state as it is when the answer
 * arrives: a refund whose webhook came first already knows its id, and a booking that moved on
 * meanwhile is left as it is.
 */
export function refundRequested(
	state: BookingState,
	refundId: string,
	now: number,
	itemId?: string,
): Transition {
	if (itemId) {
		const partial = state.payment.partialRefunds?.find((r) => r.itemId === itemId);
		if (!partial || partial.refundId) return { changed: false, state };
		return move(
			state,
			now,
			{},
			(s) => ({
				...s,
				payment: {
					...s.payment,
					partialRefunds: s.payment.partialRefunds?.map((r) =>
						r.itemId === itemId ? { ...r, refundId } : r,
					),
				},
			}),
			[],
		);
	}
	const refund = state.payment.refund;
	if (!refund || refund.refundId) return { changed: false, state };
	return move(
		state,
		now,
		{},
		(s) => ({ ...s, payment: { ...s.payment, refund: { ...refund, refundId } } }),
		[],
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

/** What a refund webhook says about the refund: its id, and the key we asked for it with. */
export interface RefundNotice {
	refundId?: string;
	reference?: string;
}

/**
 * The processor confirmed a refund. It is matched by the key it was asked for with (the
 * processor echoes it), else by its id, so a confirmation that overtakes the processor's own
 * answer to the refund call is still applied to the right refund.
 */
export function refundSucceeded(state: BookingState, now: number, notice: RefundNotice = {}): Transition {
	const { refundId, reference } = notice;
	const partial = state.payment.partialRefunds?.find((r) =>
		reference
			? reference === refundKey(state.id, r.itemId)
			: refundId !== undefined && r.refundId === refundId,
	);
	if (partial) {
		if (partial.succeededAt) return { changed: false, state };
		return move(
			state,
			now,
			{},
			(s) => ({
				...s,
				payment: {
					...s.payment,
					partialRefunds: s.payment.partialRefunds?.map((r) =>
						r.itemId === partial.itemId
							? { ...r, succeededAt: iso(now), ...(refundId && !r.refundId ? { refundId } : {}) }
							: r,
					),
				},
			}),
			[
				event("payment.updated"),
				event("payment.refunded", { itemId: partial.itemId, amount: partial.amount }),
			],
		);
	}
	if (reference && reference !== refundKey(state.id)) return { changed: false, state };
	const refund = state.payment.refund;
	if (state.payment.status !== "REQUEST_REFUND" || !refund) return { changed: false, state };
	if (!reference && refundId && refund.refundId && refund.refundId !== refundId)
		return { changed: false, state };
	return move(
		state,
		now,
		{ payment: "REFUND_SUCCESS" },
		(s) => ({
			...s,
			payment: {
				...s.payment,
				refund: { ...refund, succeededAt: iso(now), ...(refundId && !refund.refundId ? { refundId } : {}) },
			},
		}),
		[event("payment.updated"), event("payment.refunded", { amount: refund.amount })],
	);
}

/** Saga order: an item only moves forward; fulfilment (IN_PROGRESS, DONE) is the partner's to report. */
const SAGA_RANK: Record<OrderItemStatus, number> = {
	PENDING: 0,
	BOOKING: 1,
	BOOKED: 2,
	BOOK_FAILED: 2,
	IN_PROGRESS: 3,
	DONE: 4,
	CANCELING: 5,
	CANCELED: 6,
};

export interface SagaItemProgress {
	itemId: string;
	status: OrderItemStatus;
	partnerRef?: string;
}

/** The saga reports where each item stands; only forward moves apply. */
export function sagaProgressed(
	state: BookingState,
	items: readonly SagaItemProgress[],
	needsAttention: boolean,
	now: number,
): Transition {
	let changed = false;
	const next = state.items.map((item) => {
		const update = items.find((u) => u.itemId === item.id);
		if (!update) return item;
		const forward =
			SAGA_RANK[update.status] > SAGA_RANK[item.status] &&
			!(item.status === "DONE" || item.status === "IN_PROGRESS");
		const ref = update.partnerRef && update.partnerRef !== item.partnerRef;
		if (!forward && !ref) return item;
		changed = true;
		return {
			...item,
			...(forward
				? {
						status: update.status,
						timeline: [
							...(item.timeline ?? []),
							{ status: update.status, at: iso(now), source: "saga" as const },
						],
					}
				: {}),
			...(update.partnerRef ? { partnerRef: update.partnerRef } : {}),
		};
	});
	const flag = needsAttention && !state.sagaNeedsAttention;
	// Every item booked with its partner, for the first time: now the order is confirmed.
	const confirmed =
		state.status === "ACTIVE" &&
		!state.confirmedAt &&
		next.length > 0 &&
		next.every((item) => BOOKED_OR_BEYOND.includes(item.status)) &&
		next.some((item) => item.status !== "CANCELED");
	if (!changed && !flag && !confirmed) return { changed: false, state };
	const effects: Effect[] = [];
	if (changed) effects.push(event("order_item.updated"));
	if (flag) effects.push(event("saga.needs_attention"));
	if (confirmed) effects.push(event("booking.confirmed"));
	return move(
		state,
		now,
		{},
		(s) => ({
			...s,
			items: next,
			...(flag ? { sagaNeedsAttention: true } : {}),
			...(confirmed ? { confirmedAt: iso(now) } : {}),
		}),
		effects,
	);
}

/** Item states past booking: a confirmation counts an item a partner already moved on as booked. */
const BOOKED_OR_BEYOND: readonly OrderItemStatus[] = ["BOOKED", "IN_PROGRESS", "DONE", "CANCELED"];

/**
 * Everything booked was cancelled: the booking fails and the money goes back in full
 * (cash was never collected, so there is nothing to refund).
 */
export function sagaFailed(
	state: BookingState,
	reason: string,
	refundable: boolean,
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
	if (!refundable) {
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

export type PartnerStatus = "DRIVER_ASSIGNED" | "PICKED_UP" | "COMPLETED" | "CANCELED_BY_PARTNER";

export interface PartnerUpdate {
	itemId: string;
	/** The partner and its order the callback is about; they must be the item's. */
	businessType: BusinessType;
	partnerRef: string;
	status: PartnerStatus;
	vehicle?: BookingState["items"][number]["vehicle"];
	occurredAt: string;
}

/** An item's share of what was paid: its amount, with discount and fees spread pro rata. */
export function itemShare(state: BookingState, itemId: string): number {
	const item = state.items.find((i) => i.id === itemId);
	if (!item || state.pricing.subtotal === 0) return 0;
	return Math.floor((state.pricing.total * item.amount) / state.pricing.subtotal);
}

const FULFILMENT: Record<PartnerStatus, { from: readonly OrderItemStatus[]; to: OrderItemStatus }> = {
	DRIVER_ASSIGNED: { from: ["BOOKED"], to: "BOOKED" },
	PICKED_UP: { from: ["BOOKED"], to: "IN_PROGRESS" },
	COMPLETED: { from: ["BOOKED", "IN_PROGRESS"], to: "DONE" },
	CANCELED_BY_PARTNER: { from: ["BOOKED", "IN_PROGRESS"], to: "CANCELED" },
};

/**
 * A partner moved an item on. Stale or repeated statuses change nothing. Every item DONE (or
 * canceled, with at least one DONE) completes the booking; a partner cancel refunds that item's
 * share, and when every item ends canceled the booking fails and the rest is refunded.
 */
export function partnerUpdated(state: BookingState, update: PartnerUpdate, now: number): Transition {
	const item = state.items.find((i) => i.id === update.itemId);
	const rule = FULFILMENT[update.status];
	if (state.status !== "ACTIVE" || !item || !rule.from.includes(item.status))
		return { changed: false, state };
	if (update.status === "DRIVER_ASSIGNED" && item.partnerStatus === "DRIVER_ASSIGNED")
		return { changed: false, state };
	const at = iso(now);
	const items = state.items.map((i) =>
		i.id === item.id
			? {
					...i,
					status: rule.to,
					partnerStatus: update.status,
					...(update.vehicle ? { vehicle: update.vehicle } : {}),
					timeline: [
						...(i.timeline ?? []),
						{ status: update.status, at: update.occurredAt, source: "partner" as const },
					],
				}
			: i,
	);
	const effects: Effect[] = [event("order_item.updated")];
	const allEnded = items.every(
		(i) => i.status === "DONE" || i.status === "CANCELED" || i.status === "BOOK_FAILED",
	);
	const anyDone = items.some((i) => i.status === "DONE");
	if (update.status !== "CANCELED_BY_PARTNER") {
		if (allEnded && anyDone) {
			return move(state, now, { booking: "COMPLETED" }, (s) => ({ ...s, items }), [
				...effects,
				event("booking.completed"),
				{ kind: "customer.release", end: "COMPLETED" },
				{ kind: "cart.close" },
			]);
		}
		return move(state, now, {}, (s) => ({ ...s, items }), effects);
	}
	const refundable = state.payment.status === "PAID" && state.payment.method !== "CASH";
	if (allEnded && !anyDone) {
		// Nothing is left to deliver: fail, and refund whatever has not been refunded yet.
		const amount = state.payment.amount - refundedSoFar(state);
		const ended = { ...state, items, cancelReason: "CANCELED_BY_PARTNER" };
		return move(
			ended,
			now,
			{ booking: "FAILED", payment: refundable ? "REQUEST_REFUND" : "CANCELED" },
			(s) => (refundable ? { ...s, payment: { ...s.payment, refund: { amount, requestedAt: at } } } : s),
			[
				...effects,
				event("payment.updated"),
				event("booking.failed"),
				{ kind: "customer.release", end: "FAILED" },
				{ kind: "cart.close" },
				...(refundable ? [{ kind: "payment.refund", amount } as Effect] : []),
			],
		);
	}
	return withPartial(state, items, item.id, refundable, now, allEnded && anyDone);
}

function partialRefund(state: BookingState, itemId: string, refundable: boolean): Effect[] {
	return refundable ? [{ kind: "payment.refund", amount: itemShare(state, itemId), itemId }] : [];
}

function withPartial(
	state: BookingState,
	items: BookingState["items"],
	itemId: string,
	refundable: boolean,
	now: number,
	complete: boolean,
): Transition {
	const amount = itemShare(state, itemId);
	const effects: Effect[] = [
		event("order_item.updated"),
		event("order_item.canceled", { itemId, amount: refundable ? amount : 0 }),
		...(refundable ? [event("payment.updated")] : []),
		...partialRefund(state, itemId, refundable),
	];
	if (complete)
		effects.push(
			event("booking.completed"),
			{ kind: "customer.release", end: "COMPLETED" },
			{ kind: "cart.close" },
		);
	return move(
		state,
		now,
		complete ? { booking: "COMPLETED" } : {},
		(s) => ({
			...s,
			items,
			payment: refundable
				? {
						...s.payment,
						partialRefunds: [...(s.payment.partialRefunds ?? []), { itemId, amount, requestedAt: iso(now) }],
					}
				: s.payment,
		}),
		effects,
	);
}
