// What must hold after a chaos run, read from every party: the API (as the customer sees it), the
// internal route (the BookingDO and the saga log), the sandbox's records (the processor's
// payments and refunds, the partners' orders) and D1 (the order history). Each check returns the
// bookings it found wrong, with why.

import { TERMINAL } from "./orders.mjs";

/** Every step of a booking the internal route shows, and what every other party holds of it. */
export async function gather(http, record, internalToken) {
	const internal = await http.api("GET", `/internal/bookings/${record.bookingId}`, { token: internalToken });
	const payment = record.paymentId
		? (await http.sandbox("GET", `/payments/${record.paymentId}`)).body
		: undefined;
	const partnerOrders = [];
	for (const type of ["taxi", "rent", "delivery", "shuttle"]) {
		const listed = await http.sandbox("GET", `/partners/${type}/orders?bookingId=${record.bookingId}`);
		for (const order of listed.body?.orders ?? []) partnerOrders.push(order);
	}
	return { internal: internal.body, payment, partnerOrders };
}

const succeeded = (state) => [
	...(state.payment.partialRefunds ?? []),
	...(state.payment.refund ? [state.payment.refund] : []),
];

/** Settled: nothing is left to happen on its own (every booking ends, or waits on a person). */
export function settledProblem({ internal }) {
	const state = internal?.booking;
	if (!state) return "the internal route does not know it";
	if (internal.outbox.length > 0) return `${internal.outbox.length} effects still in the outbox`;
	const saga = internal.saga?.log;
	if (saga && !["SUCCEEDED", "FAILED"].includes(saga.status)) return `saga still ${saga.status}`;
	if (state.status === "CREATED") return "still CREATED";
	if (succeeded(state).some((refund) => !refund.succeededAt)) return "a refund was never confirmed";
	if (state.payment.status === "REQUEST_REFUND") return "payment still REQUEST_REFUND";
	if (state.status === "ACTIVE" && saga?.status !== "SUCCEEDED") return "ACTIVE without a succeeded saga";
	return undefined;
}

/** No lost payment: money the processor took was either kept for a booking that goes ahead, or all given back. */
export function paymentProblem({ internal, payment }) {
	const state = internal?.booking;
	if (!state || !payment) return undefined;
	const refunded = (payment.refunds ?? []).reduce((sum, r) => sum + r.amount, 0);
	if (refunded > payment.amount) return `refunded ${refunded} of ${payment.amount}`;
	const paid = payment.status === "PAID";
	const goesAhead = state.status === "ACTIVE" || state.status === "COMPLETED";
	if (goesAhead && !paid)
		return `booking ${state.status} but the processor has the payment ${payment.status}`;
	if (!goesAhead && paid && refunded !== payment.amount)
		return `booking ${state.status}, paid ${payment.amount}, refunded only ${refunded}`;
	if (goesAhead && paid) {
		// Only canceled items' shares went back.
		const shares = (state.payment.partialRefunds ?? []).reduce((sum, r) => sum + r.amount, 0);
		if (refunded !== shares)
			return `booking ${state.status}: processor refunded ${refunded}, canceled shares ${shares}`;
	}
	return undefined;
}

/** Every refund the processor holds is one the booking knows, with the same amount, and the other way round. */
export function refundProblem({ internal, payment }) {
	const state = internal?.booking;
	if (!state || !payment) return undefined;
	const known = new Map(succeeded(state).map((r) => [r.refundId, r.amount]));
	for (const refund of payment.refunds ?? []) {
		if (!known.has(refund.refundId))
			return `the processor holds refund ${refund.refundId} the booking does not know`;
		if (known.get(refund.refundId) !== refund.amount) return `refund ${refund.refundId} amounts differ`;
	}
	if (known.size !== (payment.refunds ?? []).length)
		return `the booking knows ${known.size} refunds, the processor ${(payment.refunds ?? []).length}`;
	return undefined;
}

/** The item status a partner order's status means. */
const ITEM_OF = {
	PENDING: ["BOOKING"],
	BOOKED: ["BOOKED"],
	DRIVER_ASSIGNED: ["BOOKED"],
	PICKED_UP: ["IN_PROGRESS"],
	COMPLETED: ["DONE"],
	CANCELED: ["CANCELED", "BOOK_FAILED"],
	REJECTED: ["BOOK_FAILED"],
};
const LIVE = ["PENDING", "BOOKED", "DRIVER_ASSIGNED", "PICKED_UP", "COMPLETED"];

/** No orphan and no double partner booking; every item says what its partner says. */
export function partnerProblem({ internal, partnerOrders }) {
	const state = internal?.booking;
	if (!state) return undefined;
	for (const item of state.items) {
		const orders = partnerOrders.filter((o) => o.itemId === item.id);
		const live = orders.filter((o) => LIVE.includes(o.status));
		if (live.length > 1) return `item ${item.id} is booked ${live.length} times`;
		const order = orders[0];
		if (!order) {
			if (!["PENDING", "BOOK_FAILED", "CANCELED"].includes(item.status))
				return `item ${item.id} is ${item.status} with no partner order`;
			continue;
		}
		if (!ITEM_OF[order.status]?.includes(item.status))
			return `item ${item.id} is ${item.status}, its partner order ${order.partnerRef} is ${order.status}`;
		if (LIVE.includes(order.status) && item.partnerRef !== order.partnerRef)
			return `item ${item.id} names ${item.partnerRef}, the partner holds ${order.partnerRef}`;
	}
	const orphans = partnerOrders.filter((o) => !state.items.some((i) => i.id === o.itemId));
	if (orphans.length > 0) return `partner orders for no item: ${orphans.map((o) => o.partnerRef).join(", ")}`;
	if (["FAILED", "CANCELED"].includes(state.status)) {
		const kept = partnerOrders.filter((o) => LIVE.includes(o.status) && o.status !== "COMPLETED");
		if (kept.length > 0) return `${state.status}, but ${kept.length} partner orders are still live`;
	}
	return undefined;
}

const MOVES = {
	CREATED: ["CREATED", "ACTIVE", "CANCELED", "COMPLETED", "FAILED"],
	ACTIVE: ["ACTIVE", "COMPLETED", "FAILED"],
	COMPLETED: ["COMPLETED"],
	FAILED: ["FAILED"],
	CANCELED: ["CANCELED"],
};

/** No state moving backwards: every observation of the booking is at a version and status at least the last. */
export function monotonicProblem(record) {
	for (let i = 1; i < record.observed.length; i++) {
		const [before, after] = [record.observed[i - 1], record.observed[i]];
		if (after.version < before.version) return `version went from ${before.version} to ${after.version}`;
		if (!MOVES[before.status].includes(after.status))
			return `status went from ${before.status} to ${after.status}`;
		if (after.version === before.version && after.status !== before.status)
			return `version ${after.version} was both ${before.status} and ${after.status}`;
	}
	return undefined;
}

/** The live booking the customer reads agrees with the internal one. */
export function viewProblem(record, { internal }) {
	const state = internal?.booking;
	const seen = record.last;
	if (!state || !seen) return undefined;
	if (seen.version !== state.version || seen.status !== state.status)
		return "the customer's view lags the booking";
	return undefined;
}

/** History equal to live state: the D1 row of every booking at the DO's version and status. */
export function historyProblem(row, { internal }) {
	const state = internal?.booking;
	if (!state) return undefined;
	if (!row) return "no row in D1";
	if (row.version !== state.version || row.status !== state.status)
		return `D1 has v${row.version} ${row.status}, the booking v${state.version} ${state.status}`;
	return undefined;
}

export const isTerminal = (status) => TERMINAL.includes(status);
