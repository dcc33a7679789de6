import type { BookingState, OrderItem, OrderItemStatus } from "./booking";
import type { BusinessType } from "./business";
import { refundable } from "./payment-methods";
import { refundedSoFar } from "./refund-flow";
import { type Effect, event, iso, move, type Transition } from "./transition";

/**
 * The order item's lifecycle (the seed's), as single steps: the one authority on how an item may
 * move. A move is legal when the target is reachable from where the item stands, so the saga's
 * reports (the latest state, which may be several steps on) and the partners' callbacks (a
 * completion without a pickup) are both checked against this table, and nothing moves backwards.
 */
export const ORDER_ITEM_TRANSITIONS: Record<OrderItemStatus, readonly OrderItemStatus[]> = {
	PENDING: ["BOOKING", "BOOK_FAILED"],
	BOOKING: ["BOOKED", "BOOK_FAILED", "CANCELING"],
	BOOKED: ["IN_PROGRESS", "CANCELING"],
	IN_PROGRESS: ["DONE", "CANCELING"],
	// A cancel may find the partner never booked the item (it rejected it, or never got the call).
	CANCELING: ["CANCELED", "BOOK_FAILED"],
	BOOK_FAILED: [],
	DONE: [],
	CANCELED: [],
};

/** Whether `to` is reachable from `from` in the item lifecycle (one or more steps). */
export function canMoveItem(from: OrderItemStatus, to: OrderItemStatus): boolean {
	const seen = new Set<OrderItemStatus>();
	const queue = [...ORDER_ITEM_TRANSITIONS[from]];
	while (queue.length > 0) {
		const next = queue.shift() as OrderItemStatus;
		if (next === to) return true;
		if (seen.has(next)) continue;
		seen.add(next);
		queue.push(...ORDER_ITEM_TRANSITIONS[next]);
	}
	return false;
}

/** Who moves an item from where: the saga books and cancels; fulfilment is the partner's to report. */
const SAGA_MOVES_FROM: readonly OrderItemStatus[] = ["PENDING", "BOOKING", "BOOKED", "CANCELING"];
const PARTNER_MOVES_FROM: readonly OrderItemStatus[] = ["BOOKED", "IN_PROGRESS"];

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
		const forward = SAGA_MOVES_FROM.includes(item.status) && canMoveItem(item.status, update.status);
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
	// An operator resumed the saga: the flag clears, so a new flagging is told again.
	const cleared = !needsAttention && state.sagaNeedsAttention === true;
	// Every item booked with its partner, for the first time: now the order is confirmed.
	const confirmed =
		state.status === "ACTIVE" &&
		!state.confirmedAt &&
		next.length > 0 &&
		next.every((item) => BOOKED_OR_BEYOND.includes(item.status)) &&
		next.some((item) => item.status !== "CANCELED");
	if (!changed && !flag && !cleared && !confirmed) return { changed: false, state };
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
			...(cleared ? { sagaNeedsAttention: false } : {}),
			...(confirmed ? { confirmedAt: iso(now) } : {}),
		}),
		effects,
	);
}

/** Item states past booking: a confirmation counts an item a partner already moved on as booked. */
const BOOKED_OR_BEYOND: readonly OrderItemStatus[] = ["BOOKED", "IN_PROGRESS", "DONE", "CANCELED"];

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

/** Why a partner's callback is not about this item's own partner order, if it is not. */
export function partnerUpdateMismatch(
	item: OrderItem,
	update: Pick<PartnerUpdate, "businessType" | "partnerRef">,
): string | undefined {
	if (item.businessType !== update.businessType)
		return `Item ${item.id} is a ${item.businessType} item, not ${update.businessType}.`;
	if (item.partnerRef !== update.partnerRef)
		return `Item ${item.id} is not booked as partner order ${update.partnerRef}.`;
	return undefined;
}

/** An item's share of what was paid: its amount, with discount and fees spread pro rata. */
export function itemShare(state: BookingState, itemId: string): number {
	const item = state.items.find((i) => i.id === itemId);
	if (!item || state.pricing.subtotal === 0) return 0;
	return Math.floor((state.pricing.total * item.amount) / state.pricing.subtotal);
}

/** Where each partner status takes the item (a driver assignment leaves it BOOKED, with a vehicle). */
const FULFILMENT: Record<PartnerStatus, OrderItemStatus> = {
	DRIVER_ASSIGNED: "BOOKED",
	PICKED_UP: "IN_PROGRESS",
	COMPLETED: "DONE",
	CANCELED_BY_PARTNER: "CANCELED",
};

/** Whether a partner status applies to an item where it stands. */
function partnerMoves(status: OrderItemStatus, update: PartnerStatus): boolean {
	if (!PARTNER_MOVES_FROM.includes(status)) return false;
	const to = FULFILMENT[update];
	return update === "DRIVER_ASSIGNED" ? status === "BOOKED" : canMoveItem(status, to);
}

/**
 * A partner moved an item on. Stale or repeated statuses change nothing. Every item DONE (or
 * canceled, with at least one DONE) completes the booking; a partner cancel refunds that item's
 * share, and when every item ends canceled the booking fails and the rest is refunded.
 */
export function partnerUpdated(state: BookingState, update: PartnerUpdate, now: number): Transition {
	const item = state.items.find((i) => i.id === update.itemId);
	if (state.status !== "ACTIVE" || !item || !partnerMoves(item.status, update.status))
		return { changed: false, state };
	if (update.status === "DRIVER_ASSIGNED" && item.partnerStatus === "DRIVER_ASSIGNED")
		return { changed: false, state };
	const at = iso(now);
	const items = state.items.map((i) =>
		i.id === item.id
			? {
					...i,
					status: FULFILMENT[update.status],
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
	const moneyBack = state.payment.status === "PAID" && refundable(state.payment.method);
	if (allEnded && !anyDone) {
		// Nothing is left to deliver: fail, and refund whatever has not been refunded yet.
		const amount = state.payment.amount - refundedSoFar(state);
		const ended = { ...state, items, cancelReason: "CANCELED_BY_PARTNER" };
		return move(
			ended,
			now,
			{ booking: "FAILED", payment: moneyBack ? "REQUEST_REFUND" : "CANCELED" },
			(s) => (moneyBack ? { ...s, payment: { ...s.payment, refund: { amount, requestedAt: at } } } : s),
			[
				...effects,
				event("payment.updated"),
				event("booking.failed"),
				{ kind: "customer.release", end: "FAILED" },
				{ kind: "cart.close" },
				...(moneyBack ? [{ kind: "payment.refund", amount } as Effect] : []),
			],
		);
	}
	return withPartial(state, items, item.id, moneyBack, now, allEnded && anyDone);
}

function partialRefund(state: BookingState, itemId: string, moneyBack: boolean): Effect[] {
	return moneyBack ? [{ kind: "payment.refund", amount: itemShare(state, itemId), itemId }] : [];
}

function withPartial(
	state: BookingState,
	items: BookingState["items"],
	itemId: string,
	moneyBack: boolean,
	now: number,
	complete: boolean,
): Transition {
	const amount = itemShare(state, itemId);
	const effects: Effect[] = [
		event("order_item.updated"),
		event("order_item.canceled", { itemId, amount: moneyBack ? amount : 0 }),
		...(moneyBack ? [event("payment.updated")] : []),
		...partialRefund(state, itemId, moneyBack),
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
			payment: moneyBack
				? {
						...s.payment,
						partialRefunds: [...(s.payment.partialRefunds ?? []), { itemId, amount, requestedAt: iso(now) }],
					}
				: s.payment,
		}),
		effects,
	);
}
