import { historyRepository } from "../db";
import { firstPlace, NOTIFIED_EVENTS, noticesFor } from "../domain/notifications";
import type { BookingEvent } from "../durable/booking-outbox";
import { bookingOf } from "../durable/stubs";
import { warn } from "../lib/log";
import { documentGenerator, geo, notifications } from "../partners";
import { JAKARTA } from "../partners/geo";
import { orThrow } from "../partners/upstream";

/**
 * Consumes booking events from the queue: records them in the history, tells the customer
 * (confirmation, refund, expiry, completion) and asks for the receipt once a booking is
 * complete. Every call is keyed by the event id, so a redelivered message does nothing twice;
 * a message that fails is retried by the queue without holding up the others.
 */
export async function consumeBookingEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
	const events = batch.messages.map((message) => message.body as BookingEvent);
	await historyRepository(env).recordEvents(
		events.map((event) => ({
			id: event.id,
			bookingId: event.bookingId,
			type: event.type,
			version: event.version,
			payload: event,
			createdAt: event.occurredAt,
		})),
	);
	await Promise.all(
		batch.messages.map(async (message) => {
			try {
				await react(env, message.body as BookingEvent);
				message.ack();
			} catch (error) {
				warn("booking event not handled", { id: (message.body as BookingEvent).id, error: String(error) });
				message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
			}
		}),
	);
}

async function react(env: Env, event: BookingEvent): Promise<void> {
	const { booking } = event;
	if (!NOTIFIED_EVENTS.has(event.type)) return;
	const place = firstPlace(booking);
	const zone = place ? orThrow(await geo(env).zoneOf(place.lat, place.lng)) : JAKARTA;
	const client = notifications(env);
	for (const notice of noticesFor(event, booking, zone)) {
		const sent = await client.send(
			{
				bookingId: booking.id,
				channel: notice.channel,
				template: notice.template,
				to: notice.channel === "EMAIL" ? booking.customer.email : booking.customer.phone,
				...(notice.subject ? { subject: notice.subject } : {}),
				body: notice.body,
			},
			`${event.id}:${notice.channel}`,
		);
		orThrow(sent);
	}
	if (event.type === "booking.completed") {
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
			}),
		);
		// Only the document the booking knows it asked for may be delivered as its receipt.
		await bookingOf(env, booking.id).receiptRequested(documentId);
	}
}
