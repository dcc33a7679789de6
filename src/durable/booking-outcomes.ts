import type { BookingState, BookingView, OrderItem } from "../domain/booking";
import type { OutboxEntry } from "./booking-outbox";

/** What the BookingDO's RPC methods answer: business outcomes, never exceptions. */
export type EventOutcome =
	| { ok: true; duplicate: boolean; changed: boolean; status: string; paymentStatus: string }
	| {
			ok: false;
			code:
				| "BOOKING_NOT_FOUND"
				| "AMOUNT_MISMATCH"
				| "PAYMENT_MISMATCH"
				| "ITEM_NOT_FOUND"
				| "CALLBACK_MISMATCH";
			detail: string;
	  };

export type ReceiptOutcome =
	| { ok: true }
	| { ok: false; code: "BOOKING_NOT_FOUND" | "RECEIPT_NOT_REQUESTED"; detail: string };
export type ReadOutcome = { ok: true; booking: BookingView } | { ok: false; code: "BOOKING_NOT_FOUND" };
export type CancelOutcome = ReadOutcome | { ok: false; code: "BOOKING_NOT_CANCELABLE"; booking: BookingView };
export type ItemOutcome =
	| { ok: true; bookingId: string; bookingStatus: string; item: OrderItem }
	| { ok: false };

export interface BookingInspection {
	booking?: BookingState;
	outbox: OutboxEntry[];
	inbox: string[];
	alarm: number | null;
}

export const summary = (b: BookingState, changed: boolean, duplicate: boolean): EventOutcome => ({
	ok: true,
	duplicate,
	changed,
	status: b.status,
	paymentStatus: b.payment.status,
});
