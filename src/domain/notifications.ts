import type { BookingView } from "./booking";
import type { BookingEventType, EventData } from "./transition";

/**
 * What the customer is told, per booking event. Times are shown in the local zone of the
 * first pickup (WIB/WITA/WIT), as the original service did.
 */
export interface Notice {
	channel: "EMAIL" | "SMS";
	template: string;
	subject?: string;
	body: string;
}

const idr = (amount: number) => `Rp ${amount.toLocaleString("id-ID")}`;

export function localTime(iso: string, zone: { zone: string; timeZone: string }): string {
	const text = new Intl.DateTimeFormat("en-GB", {
		timeZone: zone.timeZone,
		day: "2-digit",
		month: "short",
		year: "numeric",
		hour: "2-digit",
		minute: "2-digit",
		hour12: false,
	}).format(new Date(iso));
	return `${text} ${zone.zone}`;
}

/** The events the customer hears about; others need no geo look-up or message. */
export const NOTIFIED_EVENTS: ReadonlySet<BookingEventType> = new Set([
	"booking.confirmed",
	"booking.failed",
	"booking.canceled",
	"booking.completed",
	"order_item.canceled",
	"payment.refunded",
]);

/** One message, said the same on every channel: a subject for e-mail, the text for both. */
function both(template: string, subject: string, body: string): Notice[] {
	return [
		{ channel: "EMAIL", template, subject, body },
		{ channel: "SMS", template, body },
	];
}

/**
 * What the customer is told for one event. Every sentence is derived from the booking as the
 * event recorded it (its status, and the refunds actually asked for or confirmed), so a message
 * can never promise what did not happen: the order is "confirmed" only once every item is
 * booked, and money is "refunded" only once the processor confirmed it.
 */
export function noticesFor(
	event: { type: BookingEventType; data?: EventData },
	booking: BookingView,
	zone: { zone: string; timeZone: string },
	trackUrl?: string,
): Notice[] {
	const notices = messagesFor(event, booking, zone);
	// A guest has no app: every message carries the link to the order's tracking page.
	if (!trackUrl) return notices;
	return notices.map((notice) => ({ ...notice, body: `${notice.body} Track your order: ${trackUrl}` }));
}

function messagesFor(
	event: { type: BookingEventType; data?: EventData },
	booking: BookingView,
	zone: { zone: string; timeZone: string },
): Notice[] {
	const ref = booking.id;
	const when = localTime(booking.updatedAt, zone);
	const method = booking.payment.method;
	const itemName = (itemId?: string) => booking.items.find((item) => item.id === itemId)?.name ?? "An item";
	switch (event.type) {
		case "booking.confirmed":
			return both(
				"BOOKING_CONFIRMED",
				`Your order ${ref} is confirmed`,
				`Order ${ref} is confirmed (${when}): all ${booking.items.length} item(s) are booked with our partners. ${method === "CASH" ? `Pay ${idr(booking.payment.amount)} in cash on service.` : `Paid: ${idr(booking.payment.amount)}.`}`,
			);
		case "booking.failed": {
			const pending = booking.payment.refunds.filter((r) => !r.itemId);
			const earlier = booking.payment.refunds.filter((r) => r.itemId).reduce((sum, r) => sum + r.amount, 0);
			const refund = pending.reduce((sum, r) => sum + r.amount, 0);
			const money =
				method === "CASH" || booking.payment.status === "CANCELED"
					? "Nothing was charged."
					: `${idr(refund)} is being refunded to your ${method}; we will tell you once it is back.${earlier > 0 ? ` (${idr(earlier)} for canceled items was refunded separately.)` : ""}`;
			const why =
				booking.cancelReason === "CANCELED_BY_PARTNER"
					? "our partners canceled every item"
					: "we could not book every item with our partners";
			return both(
				"BOOKING_FAILED",
				`Your order ${ref} could not be completed`,
				`Order ${ref} did not go ahead (${when}): ${why}. ${money}`,
			);
		}
		case "payment.refunded": {
			const amount = event.data?.amount ?? 0;
			const what = event.data?.itemId ? ` for ${itemName(event.data.itemId)} (canceled)` : "";
			return both(
				"REFUND_COMPLETED",
				`Refund for order ${ref}`,
				`${idr(amount)}${what} was refunded to your ${method} (${when}).`,
			);
		}
		case "order_item.canceled": {
			const amount = event.data?.amount ?? 0;
			return both(
				"ITEM_CANCELED",
				`An item of order ${ref} was canceled`,
				`${itemName(event.data?.itemId)} of order ${ref} was canceled by our partner (${when}). ${amount > 0 ? `Its share, ${idr(amount)}, is being refunded to your ${method}.` : "Nothing was charged for it."} The rest of your order goes ahead.`,
			);
		}
		case "booking.canceled":
			return both(
				booking.cancelReason === "PAYMENT_EXPIRED" ? "PAYMENT_EXPIRED" : "BOOKING_CANCELED",
				`Your order ${ref} was canceled`,
				booking.cancelReason === "PAYMENT_EXPIRED"
					? `The payment time for order ${ref} ran out at ${when}; the order was canceled and nothing was charged.`
					: `Order ${ref} was canceled at ${when}; nothing was charged.`,
			);
		case "booking.completed":
			return both(
				"BOOKING_COMPLETED",
				`Thank you: order ${ref} is complete`,
				`Every item of order ${ref} was completed (${when}). Your receipt follows shortly.`,
			);
		default:
			return [];
	}
}

/** The first place of the order (pickup, sender or rental city has no coordinates). */
export function firstPlace(booking: BookingView): { lat: number; lng: number } | undefined {
	for (const item of booking.items) {
		const place = (item.details.pickup ?? item.details.sender) as
			| { lat?: unknown; lng?: unknown }
			| undefined;
		if (place && typeof place.lat === "number" && typeof place.lng === "number")
			return { lat: place.lat, lng: place.lng };
	}
	return undefined;
}
