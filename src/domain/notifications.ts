import type { BookingView } from "./booking";
import type { BookingEventType } from "./booking-flow";

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
	"booking.active",
	"booking.failed",
	"booking.canceled",
	"booking.completed",
]);

export function noticesFor(
	type: BookingEventType,
	booking: BookingView,
	zone: { zone: string; timeZone: string },
): Notice[] {
	const ref = booking.id;
	const when = localTime(booking.updatedAt, zone);
	switch (type) {
		case "booking.active":
			return [
				{
					channel: "EMAIL",
					template: "BOOKING_CONFIRMED",
					subject: `Your order ${ref} is confirmed`,
					body: `Payment of ${idr(booking.payment.amount)} received at ${when}. We are booking ${booking.items.length} item(s) with our partners.`,
				},
				{
					channel: "SMS",
					template: "BOOKING_CONFIRMED",
					body: `Order ${ref} confirmed (${idr(booking.payment.amount)}).`,
				},
			];
		case "booking.failed":
			return [
				{
					channel: "EMAIL",
					template: "BOOKING_REFUNDED",
					subject: `Your order ${ref} could not be completed`,
					body: `We could not book every item of order ${ref} (${when}). ${booking.payment.method === "CASH" ? "Nothing was charged." : `${idr(booking.payment.amount)} is being refunded to your ${booking.payment.method}.`}`,
				},
			];
		case "booking.canceled":
			return [
				{
					channel: "EMAIL",
					template: booking.cancelReason === "PAYMENT_EXPIRED" ? "PAYMENT_EXPIRED" : "BOOKING_CANCELED",
					subject: `Your order ${ref} was canceled`,
					body:
						booking.cancelReason === "PAYMENT_EXPIRED"
							? `The payment time for order ${ref} ran out at ${when}; the order was canceled and nothing was charged.`
							: `Order ${ref} was canceled at ${when}.`,
				},
			];
		case "booking.completed":
			return [
				{
					channel: "EMAIL",
					template: "BOOKING_COMPLETED",
					subject: `Thank you: order ${ref} is complete`,
					body: `Every item of order ${ref} was completed (${when}). Your receipt follows shortly.`,
				},
			];
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
