import { historyRepository } from "../db";
import type { BookingEvent } from "../durable/booking-outbox";

/**
 * Consumes booking events from the queue. Events carry ids, so a redelivered batch is
 * recorded once; a failing batch is retried by the queue.
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
	batch.ackAll();
}
