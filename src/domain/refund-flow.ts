import type { BookingState } from "./booking";
import { refundable } from "./payment-methods";
import { event, iso, move, type Transition } from "./transition";

/** Refunds: the whole payment's rest, one canceled item's share, or an operator's amount. */
/**
 * The idempotency key of a refund: the whole payment, or one share of it (a canceled item's id,
 * or the operator action's id).
 */
export const refundKey = (bookingId: string, share?: string) =>
	share ? `${bookingId}:${share}:refund` : `${bookingId}:refund`;

type PartialRefund = NonNullable<BookingState["payment"]["partialRefunds"]>[number];
/** What names one partial refund: its item, or the operator action that made it. */
export const shareOf = (refund: PartialRefund): string | undefined => refund.itemId ?? refund.actionId;

/** The state with the partial refund named `share` changed by `change`. */
function withShare(
	state: BookingState,
	share: string | undefined,
	change: (refund: PartialRefund) => PartialRefund,
): BookingState {
	return {
		...state,
		payment: {
			...state.payment,
			partialRefunds: state.payment.partialRefunds?.map((r) => (shareOf(r) === share ? change(r) : r)),
		},
	};
}

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
	share?: string,
): Transition {
	if (share) {
		const partial = state.payment.partialRefunds?.find((r) => shareOf(r) === share);
		if (!partial || partial.refundId) return { changed: false, state };
		return move(state, now, {}, (s) => withShare(s, share, (r) => ({ ...r, refundId })), []);
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
			? reference === refundKey(state.id, shareOf(r))
			: refundId !== undefined && r.refundId === refundId,
	);
	if (partial) {
		if (partial.succeededAt) return { changed: false, state };
		return move(
			state,
			now,
			{},
			(s) =>
				withShare(s, shareOf(partial), (r) => ({
					...r,
					succeededAt: iso(now),
					...(refundId && !r.refundId ? { refundId } : {}),
				})),
			[
				event("payment.updated"),
				event("payment.refunded", {
					...(partial.itemId ? { itemId: partial.itemId } : {}),
					...(partial.actionId ? { actionId: partial.actionId } : {}),
					amount: partial.amount,
				}),
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

/** Why an operator may not refund `amount` now, or undefined when it may (the payment's rest). */
export function operatorRefundRefusal(
	state: BookingState,
	amount: number,
): { code: "ACTION_NOT_ALLOWED" | "REFUND_EXCEEDS_PAID"; detail: string } | undefined {
	if (!state.payment.paidAt)
		return {
			code: "ACTION_NOT_ALLOWED",
			detail: `Booking ${state.id} was never paid: there is nothing to refund.`,
		};
	if (!refundable(state.payment.method))
		return {
			code: "ACTION_NOT_ALLOWED",
			detail: `A ${state.payment.method} payment is not refunded through the processor.`,
		};
	const left = state.payment.amount - refundedSoFar(state);
	if (amount > left)
		return {
			code: "REFUND_EXCEEDS_PAID",
			detail: `Only IDR ${left} of the IDR ${state.payment.amount} paid is left to refund; asked IDR ${amount}.`,
		};
	return undefined;
}

/**
 * An operator refunds `amount` of the payment (a goodwill or corrected charge): a partial refund
 * under the action's key, asked of the processor by the outbox like every other refund.
 * Applying the same action twice changes nothing.
 */
export function operatorRefund(
	state: BookingState,
	amount: number,
	actionId: string,
	now: number,
): Transition {
	if (state.payment.partialRefunds?.some((r) => r.actionId === actionId)) return { changed: false, state };
	if (operatorRefundRefusal(state, amount)) return { changed: false, state };
	return move(
		state,
		now,
		{},
		(s) => ({
			...s,
			payment: {
				...s.payment,
				partialRefunds: [...(s.payment.partialRefunds ?? []), { actionId, amount, requestedAt: iso(now) }],
			},
		}),
		[event("payment.updated"), { kind: "payment.refund", amount, actionId }],
	);
}
