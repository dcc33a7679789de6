import { historyRepository } from "../db";
import { firstPlace, NOTIFIED_EVENTS, noticesFor } from "../domain/notifications";
import type { BookingEvent } from "../durable/booking-outbox";
import { bookingOf } from "../durable/stubs";
import { configOf } from "../lib/config";
import { issueGuestToken } from "../lib/guest-token";
import { documentGenerator, geo, notifications } from "../partners";
import { JAKARTA } from "../partners/geo";
import { orThrow } from "../partners/upstream";

/** The Notification service's recipient for the operations team. */
export const OPERATORS = "operators";

/**
 * What a booking event makes happen: the customer is told (confirmation, failure, refund,
 * cancellation, completion) and a completed booking's receipt is asked for. Every call is keyed
 * by the event id, so a redelivered event does nothing twice. Throws to have it retried.
 */
export async function react(env: Env, event: BookingEvent): Promise<void> {
	const { booking } = event;
	if (event.type === "saga.needs_attention") return tellOperators(env, event);
	if (!NOTIFIED_EVENTS.has(event.type)) return;
	const place = firstPlace(booking);
	const zone = place ? orThrow(await geo(env).zoneOf(place.lat, place.lng)) : JAKARTA;
	const client = notifications(env);
	// An operator's resend is sent again under its own keys; a redelivery of it, once.
	const resent = event.resend ? `:resend:${event.resend}` : "";
	const told = [];
	for (const notice of noticesFor(event, booking, zone, await trackingLink(env, event))) {
		const sent = await client.send(
			{
				bookingId: booking.id,
				channel: notice.channel,
				template: notice.template,
				to: notice.channel === "EMAIL" ? booking.customer.email : booking.customer.phone,
				...(notice.subject ? { subject: notice.subject } : {}),
				body: notice.body,
			},
			`${event.id}:${notice.channel}${resent}`,
		);
		const messageId = orThrow(sent);
		told.push(
			sentEntry(
				event,
				`${notice.template} to the customer by ${notice.channel}${event.resend ? ", resent by an operator" : ""}`,
				notice.channel,
				messageId,
			),
		);
	}
	// The timeline says what was sent (never to whom): a repeat of the event writes nothing twice.
	await historyRepository(env).recordTimeline(told);
	if (event.type === "booking.completed" && !event.resend) {
		const documentId = orThrow(
			await documentGenerator(env).requestReceipt({
				bookingId: booking.id,
				type: "RECEIPT",
				title: `Receipt ${booking.id}`,
				lines: [
					...booking.items.map((item) => ({
						label: `${item.name} (${item.businessType})`,
						amount: item.amount,
					})),
					...booking.fees.map((fee) => ({ label: fee.name, amount: fee.amount })),
					...(booking.promo
						? [{ label: `Promo ${booking.promo.code}`, amount: -booking.promo.discount }]
						: []),
				],
				total: booking.pricing.total,
				currency: "IDR",
				issuedAt: event.occurredAt,
				timeZone: zone.zone,
				customer: { name: booking.customer.name, email: booking.customer.email },
				...configOf(env).documents,
			}),
		);
		// Only the document the booking knows it asked for may be delivered as its receipt.
		await bookingOf(env, booking.id).receiptRequested(documentId);
	}
}

/**
 * A guest's tracking page, `/track/{bookingId}#t=<access token>`: the token is the booking's own
 * (derived from it alone), and sits in the fragment, which browsers never send to a server.
 */
async function trackingLink(env: Env, event: BookingEvent): Promise<string | undefined> {
	if (!event.tracking) return undefined;
	const { booking } = event;
	const token = await issueGuestToken(
		env.GUEST_TOKEN_SECRET,
		event.tracking.guestId,
		booking.id,
		booking.createdAt,
	);
	return `${event.tracking.origin}/track/${booking.id}#t=${token}`;
}

/** The operators' channel hears of a saga that needs a person, once per flagging (the event id). */
async function tellOperators(env: Env, event: BookingEvent): Promise<void> {
	const { booking } = event;
	const stuck = booking.items.filter((item) => item.status === "CANCELING");
	const items = stuck.map((item) => `${item.id} (${item.businessType})`).join(", ") || "an item";
	const messageId = orThrow(
		await notifications(env).send(
			{
				bookingId: booking.id,
				channel: "EMAIL",
				template: "operators.saga_needs_attention",
				to: OPERATORS,
				subject: `Booking ${booking.id} needs attention`,
				body: `The cancellation of ${items} keeps failing; the booking is ${booking.status} and its payment ${booking.payment.status}. Open /internal/console or GET /internal/bookings/${booking.id}.`,
			},
			`${event.id}:operators`,
		),
	);
	await historyRepository(env).recordTimeline([
		sentEntry(event, "operators.saga_needs_attention to the operators", "EMAIL", messageId, "operators"),
	]);
}

/** A timeline entry for one message sent about the booking. */
function sentEntry(
	event: BookingEvent,
	what: string,
	channel: string,
	messageId: string,
	audience = "customer",
) {
	return {
		id: `ntf:${event.id}${event.resend ? `:resend:${event.resend}` : ""}:${audience}:${channel}`,
		bookingId: event.bookingId,
		at: new Date().toISOString(),
		kind: "notification" as const,
		actor: "system",
		summary: `Sent ${what} (${event.type}).`,
		data: { event: event.type, channel, messageId, audience },
	};
}
