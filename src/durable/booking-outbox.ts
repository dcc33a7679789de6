import type { BookingState } from "../domain/booking";
import { bookingView } from "../domain/booking";
import type { BookingEventType, Effect, EventData } from "../domain/booking-flow";

/** One effect waiting to be delivered, written in the same storage step as the state change. */
export interface OutboxEntry {
	seq: number;
	effect: Effect;
	/** The booking as it was when the effect was decided (history rows and events carry it). */
	snapshot: BookingState;
	createdAt: number;
}

export interface BookingEvent {
	id: string;
	type: BookingEventType;
	bookingId: string;
	version: number;
	occurredAt: string;
	/** The refund or item the event is about, where the booking alone does not say. */
	data?: EventData;
	booking: ReturnType<typeof bookingView>;
}

export function eventOf(entry: OutboxEntry & { effect: { kind: "event" } }): BookingEvent {
	const { snapshot } = entry;
	return {
		id: `evt_${snapshot.id}_${snapshot.version}_${entry.effect.type}`,
		type: entry.effect.type,
		bookingId: snapshot.id,
		version: snapshot.version,
		occurredAt: snapshot.updatedAt,
		...(entry.effect.data ? { data: entry.effect.data } : {}),
		booking: bookingView(snapshot),
	};
}

/** Retries back off exponentially with jitter, capped, and never give up. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(300_000, 1_000 * 2 ** Math.max(0, attempt - 1));
	return Math.round(base / 2 + (random() * base) / 2);
}
