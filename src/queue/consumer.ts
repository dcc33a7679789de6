import { historyRepository } from "../db";
import type { BookingEvent } from "../durable/booking-outbox";
import { configOf } from "../lib/config";
import { warn } from "../lib/log";
import { resumedTrace, withTrace } from "../lib/trace";
import { react } from "./booking-events";

/**
 * The worker's queue handler. `booking-events` carries booking events: each is recorded in the
 * history and acted on (notifications, the receipt); one that fails is retried with backoff and
 * its failure noted, and after the last retry the queue moves it to the dead-letter queue, whose
 * consumer keeps it in D1 (`dead_events`), once: an event is never lost.
 */
export async function consumeQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
	if (batch.queue.endsWith("-dlq")) return keepDeadEvents(batch, env);
	return consumeBookingEvents(batch, env);
}

const eventId = (message: Message<unknown>) => {
	const id = (message.body as Partial<BookingEvent> | null)?.id;
	return typeof id === "string" ? id : message.id;
};

async function consumeBookingEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
	const history = historyRepository(env);
	const events = batch.messages.map((message) => message.body as BookingEvent);
	await history.recordEvents(
		events.map((event) => ({
			id: event.id,
			bookingId: event.bookingId,
			type: event.type,
			version: event.version,
			payload: event,
			createdAt: event.occurredAt,
		})),
	);
	const baseMs = configOf(env).eventRetryDelayMs;
	await Promise.all(
		batch.messages.map((message) =>
			// Each event's calls and lines continue the trace of the change that made it.
			withTrace(resumedTrace((message.body as Partial<BookingEvent> | null)?.trace, "event"), () =>
				handle(message),
			),
		),
	);

	async function handle(message: Message<unknown>): Promise<void> {
		try {
			await react(env, message.body as BookingEvent);
			message.ack();
		} catch (error) {
			const id = eventId(message);
			warn("booking event not handled", { id, attempts: message.attempts, error: String(error) });
			// Why it failed is kept for the dead-letter record, should every retry fail too.
			await history
				.recordEventFailure(id, message.attempts, String(error), new Date().toISOString())
				.catch((failure) => warn("event failure not recorded", { id, error: String(failure) }));
			const delayMs = Math.min(60_000, baseMs * 2 ** Math.max(0, message.attempts - 1));
			message.retry({ delaySeconds: Math.floor(delayMs / 1_000) });
		}
	}
}

/** Every message of the dead-letter queue is stored (once, by event id), then acknowledged. */
async function keepDeadEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
	const history = historyRepository(env);
	const queue = batch.queue.slice(0, -"-dlq".length);
	for (const message of batch.messages) {
		const id = eventId(message);
		const trace = resumedTrace((message.body as Partial<BookingEvent> | null)?.trace, "event");
		withTrace(trace, () => warn("booking event dead", { id, queue, attempts: message.attempts }));
		await history.recordDeadEvent({
			id,
			queue,
			body: message.body,
			attempts: message.attempts,
			at: new Date().toISOString(),
		});
		message.ack();
	}
}
