import type { BookingState } from "./booking";
import { event, iso, move, type Transition } from "./transition";

/** Refunds: the whole payment's rest, or one canceled item's share, asked for and confirmed. */
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
