import type { SagaStatus } from "../saga/types";
import type { BusinessType, FareComponent } from "./business";
import type { Pricing } from "./cart";
import type { AppliedFee } from "./fees";
import type { PaymentMethod } from "./payment-methods";

/** Lifecycles from the seed: each is a table of legal moves; anything else is refused. */
export type BookingStatus = "CREATED" | "ACTIVE" | "COMPLETED" | "FAILED" | "CANCELED";
export const BOOKING_TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
	CREATED: ["ACTIVE", "CANCELED"],
	ACTIVE: ["COMPLETED", "FAILED"],
	COMPLETED: [],
	FAILED: [],
	CANCELED: [],
};

export type PaymentStatus =
	| "REQUEST_PAYMENT_LINK"
	| "WAITING_FOR_PAYMENT"
	| "PAID"
	| "CANCELED"
	| "FAILED"
	| "REQUEST_REFUND"
	| "REFUND_SUCCESS";
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
	// A link request can also be skipped (cash is settled on service) or fail outright.
	REQUEST_PAYMENT_LINK: ["WAITING_FOR_PAYMENT", "PAID", "CANCELED", "FAILED"],
	WAITING_FOR_PAYMENT: ["PAID", "CANCELED", "FAILED"],
	// Cash is "paid" on service; if the booking fails first, nothing was collected.
	PAID: ["REQUEST_REFUND", "CANCELED"],
	// A PAID that arrives after cancel or expiry is recorded, then refunded.
	CANCELED: ["PAID"],
	FAILED: ["PAID"],
	REQUEST_REFUND: ["REFUND_SUCCESS"],
	REFUND_SUCCESS: [],
};

export type OrderItemStatus =
	| "PENDING"
	| "BOOKING"
	| "BOOKED"
	| "BOOK_FAILED"
	| "IN_PROGRESS"
	| "DONE"
	| "CANCELING"
	| "CANCELED";
export function canMove<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): boolean {
	return table[from].includes(to);
}

export interface Contact {
	name: string;
	email: string;
	phone: string;
}

export interface Passenger {
	name: string;
	phone: string;
}

export interface OrderItem {
	id: string;
	/** The cart line it came from: a line of quantity N becomes N items (shuttle: one item, N seats). */
	cartItemId: string;
	businessType: BusinessType;
	fleetId: string;
	name: string;
	status: OrderItemStatus;
	quantity: number;
	unitPrice: number;
	amount: number;
	details: Record<string, unknown>;
	fareComponents: FareComponent[];
	passenger?: Passenger;
	/** The partner's booking reference, once booked. */
	partnerRef?: string;
	/** Vehicle and driver, once the partner assigns them. */
	vehicle?: Vehicle;
	/** The partner's own status vocabulary (DRIVER_ASSIGNED, PICKED_UP, …), latest first reported. */
	partnerStatus?: string;
	/** Every status the item went through, with where it came from. */
	timeline?: Array<{ status: string; at: string; source: "saga" | "partner" }>;
}

export interface Vehicle {
	plate: string;
	model: string;
	color?: string;
	driverName: string;
	driverPhone: string;
}

export interface PaymentState {
	method: PaymentMethod;
	status: PaymentStatus;
	amount: number;
	currency: "IDR";
	paymentId?: string;
	url?: string;
	expiresAt?: string;
	paidAt?: string;
	/** Set once a refund is asked for; the processor confirms it by webhook. */
	refund?: { refundId?: string; amount: number; requestedAt: string; succeededAt?: string };
	/**
	 * Refunds of a part of the payment: one item's share after a partner canceled it (`itemId`),
	 * or an amount an operator refunded (`actionId`). Each is asked for under its own key.
	 */
	partialRefunds?: Array<{
		itemId?: string;
		actionId?: string;
		amount: number;
		requestedAt: string;
		refundId?: string;
		succeededAt?: string;
	}>;
	failureReason?: string;
}

export interface BookingState {
	id: string;
	cartId: string;
	/** The customer id (JWT sub), or `guest_…` for web reservations. */
	ownerId: string;
	channel: "APP" | "WEB";
	status: BookingStatus;
	version: number;
	createdAt: string;
	updatedAt: string;
	customer: Contact;
	items: OrderItem[];
	promo?: { code: string; discount: number };
	fees: AppliedFee[];
	pricing: Pricing;
	payment: PaymentState;
	/** Guest orders: the page of the shop the processor's payment page links back to. */
	returnUrl?: string;
	/** Guest orders: the origin the order was placed on, where its tracking page is. */
	webOrigin?: string;
	cancelReason?: string;
	/** When every item was first booked with its partner: the order was confirmed then (once). */
	confirmedAt?: string;
	/** Set once the saga was flagged NEEDS_ATTENTION (the event is sent once). */
	sagaNeedsAttention?: boolean;
	/** The receipt the document generator accepted to render (only this one may be delivered). */
	receiptRequest?: { documentId: string; requestedAt: string };
	/** The receipt, once the document generator rendered it. */
	receipt?: { documentId: string; url: string; readyAt: string };
}

export interface RefundView {
	amount: number;
	status: "REQUESTED" | "SUCCEEDED";
	/** Set for one canceled item's share; absent for the refund of the rest of the payment. */
	itemId?: string;
	/** Set for a refund an operator made (the action's id). */
	actionId?: string;
	requestedAt: string;
	succeededAt?: string;
}

function refundsOf(payment: PaymentState): RefundView[] {
	const view = (
		r: { amount: number; requestedAt: string; succeededAt?: string; actionId?: string },
		itemId?: string,
	): RefundView => ({
		amount: r.amount,
		status: r.succeededAt ? "SUCCEEDED" : "REQUESTED",
		...(itemId ? { itemId } : {}),
		...(r.actionId ? { actionId: r.actionId } : {}),
		requestedAt: r.requestedAt,
		...(r.succeededAt ? { succeededAt: r.succeededAt } : {}),
	});
	return [
		...(payment.partialRefunds ?? []).map((r) => view(r, r.itemId)),
		...(payment.refund ? [view(payment.refund)] : []),
	];
}

/** What leaves the object: the API view and the history projection are both built from this. */
export interface BookingView {
	id: string;
	cartId: string;
	status: BookingStatus;
	channel: "APP" | "WEB";
	customer: Contact;
	items: Array<
		Pick<
			OrderItem,
			| "id"
			| "businessType"
			| "fleetId"
			| "name"
			| "status"
			| "quantity"
			| "unitPrice"
			| "amount"
			| "details"
			| "fareComponents"
			| "passenger"
		>
	>;
	pricing: Pricing;
	fees: AppliedFee[];
	promo?: { code: string; discount: number };
	payment: {
		method: PaymentMethod;
		status: PaymentStatus;
		amount: number;
		url?: string;
		expiresAt?: string;
		paidAt?: string;
		/** Every refund: the whole payment's rest, or one canceled item's share. */
		refunds: RefundView[];
		/** What reached the customer so far (refunds that succeeded). */
		refunded: number;
	};
	/** The booking saga as the items show it, once paid (see sagaStatusOf). */
	sagaStatus?: SagaStatus;
	cancelReason?: string;
	receipt?: { url: string };
	createdAt: string;
	updatedAt: string;
	version: number;
}

/**
 * The saga's status as the booking's items show it: none before payment; FAILED once the booking
 * failed; COMPENSATING while an item is being canceled or one could not be booked (the others
 * are then canceled); RUNNING while an item is being booked; SUCCEEDED once every item was
 * booked (whatever its partners did since).
 */
export function sagaStatusOf(booking: BookingState): SagaStatus | null {
	// A paid booking that was canceled or expired is refunded, never booked: it has no saga.
	const booked = booking.status === "ACTIVE" || booking.status === "COMPLETED" || booking.status === "FAILED";
	if (!booking.payment.paidAt || !booked) return null;
	if (booking.status === "FAILED") return "FAILED";
	// All or nothing: an item that could not be booked means the others are being canceled.
	if (booking.items.some((item) => item.status === "CANCELING" || item.status === "BOOK_FAILED"))
		return "COMPENSATING";
	if (booking.items.some((item) => item.status === "PENDING" || item.status === "BOOKING")) return "RUNNING";
	return "SUCCEEDED";
}

export function bookingView(booking: BookingState): BookingView {
	const { payment } = booking;
	const refunds = refundsOf(payment);
	const saga = sagaStatusOf(booking);
	return {
		id: booking.id,
		cartId: booking.cartId,
		status: booking.status,
		channel: booking.channel,
		customer: booking.customer,
		items: booking.items.map(({ cartItemId: _line, timeline: _timeline, ...item }) => item),
		pricing: booking.pricing,
		fees: booking.fees,
		...(booking.promo ? { promo: booking.promo } : {}),
		payment: {
			method: payment.method,
			status: payment.status,
			amount: payment.amount,
			...(payment.url && payment.status === "WAITING_FOR_PAYMENT" ? { url: payment.url } : {}),
			...(payment.expiresAt ? { expiresAt: payment.expiresAt } : {}),
			...(payment.paidAt ? { paidAt: payment.paidAt } : {}),
			refunds,
			refunded: refunds.filter((r) => r.status === "SUCCEEDED").reduce((sum, r) => sum + r.amount, 0),
		},
		...(saga ? { sagaStatus: saga } : {}),
		...(booking.cancelReason ? { cancelReason: booking.cancelReason } : {}),
		...(booking.receipt ? { receipt: { url: booking.receipt.url } } : {}),
		createdAt: booking.createdAt,
		updatedAt: booking.updatedAt,
		version: booking.version,
	};
}

/** Everything checkout decided: the booking is created from exactly this. */
export interface CheckoutInput {
	id: string;
	cartId: string;
	ownerId: string;
	channel: "APP" | "WEB";
	customer: Contact;
	items: OrderItem[];
	promo?: { code: string; discount: number };
	fees: AppliedFee[];
	pricing: Pricing;
	method: PaymentMethod;
	/** Guest orders: the page of the shop the processor's payment page links back to. */
	returnUrl?: string;
	/** Guest orders: the origin the order was placed on, where its tracking page is. */
	webOrigin?: string;
}

export function newBooking(input: CheckoutInput, now: number): BookingState {
	const at = new Date(now).toISOString();
	const { method, ...rest } = input;
	return {
		...rest,
		status: "CREATED",
		version: 1,
		createdAt: at,
		updatedAt: at,
		payment: { method, status: "REQUEST_PAYMENT_LINK", amount: input.pricing.total, currency: "IDR" },
	};
}
