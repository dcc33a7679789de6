import type { BookingState } from "../domain/booking";
import type { Effect } from "../domain/transition";
import type { BookingOutbox } from "./booking-outbox";

const BOOKING = "booking";

/**
 * Where the BookingDO keeps its booking: one KV entry, read once per instance and then kept
 * beside storage (put() is the only writer, and a failed storage write resets the instance, so
 * the copy cannot drift; polls, webhooks and outbox steps do not deserialise it each time).
 * Callers never mutate what load() returns: transitions build new states.
 */
export class BookingStore {
	private cached?: { value: BookingState | undefined };

	constructor(
		private readonly kv: SyncKvStorage,
		private readonly outbox: BookingOutbox,
		/** Told of every state written (the live sockets follow the booking this way). */
		private readonly written: (state: BookingState) => void = () => {},
	) {}

	load(): BookingState | undefined {
		this.cached ??= { value: this.kv.get<BookingState>(BOOKING) };
		return this.cached.value;
	}

	/**
	 * State and its effects in one synchronous step: both are stored or neither is. A state not
	 * derived from the stored one (its version is not the next) is refused: that write would
	 * overwrite changes it never saw.
	 */
	put(state: BookingState, effects: readonly Effect[]): void {
		const expected = (this.load()?.version ?? 0) + 1;
		if (state.version !== expected) throw new StaleWriteError(state.id, state.version, expected);
		this.kv.put(BOOKING, state);
		this.cached = { value: state };
		this.outbox.append(state, effects);
		this.written(state);
	}
}

/** A write derived from a state older than the stored one: a bug, never silently applied. */
export class StaleWriteError extends Error {
	constructor(bookingId: string, version: number, expected: number) {
		super(`booking ${bookingId}: refused a write at version ${version}; the next version is ${expected}`);
		this.name = "StaleWriteError";
	}
}
