import type { BookingState } from "../domain/booking";
import { bookingView } from "../domain/booking";
import type { BookingEventType, Effect, EventData } from "../domain/transition";
import { jitteredBackoff } from "../lib/backoff";
import { childOf, currentTrace, type Trace, withTrace } from "../lib/trace";

/** One effect waiting to be delivered, written in the same storage step as the state change. */
export interface OutboxEntry {
	seq: number;
	effect: Effect;
	/** The booking as it was when the effect was decided (history rows and events carry it). */
	snapshot: BookingState;
	createdAt: number;
	/** The trace of the request (or run) that decided it: its delivery continues that trace. */
	trace?: Trace;
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
	/** The trace of the change that made the event, for its consumers' calls and logs. */
	trace?: Trace;
	/** Set when an operator resends the event's notice: the action id (its sends are keyed by it). */
	resend?: string;
	/** A guest order's tracking page: its origin and the guest, to mint the link's access token. */
	tracking?: { origin: string; guestId: string };
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
		...(entry.trace ? { trace: entry.trace } : {}),
		...(snapshot.channel === "WEB" && snapshot.webOrigin
			? { tracking: { origin: snapshot.webOrigin, guestId: snapshot.ownerId } }
			: {}),
	};
}

/** Deliveries that failed back off from 1 s, doubling, up to 5 min, and never give up. */
export const OUTBOX_BACKOFF = { baseMs: 1_000, maxMs: 300_000 };

/** Lane start order: the saga and the money first, the history projection (a D1 write) last. */
const LANE_PRIORITY: Effect["kind"][] = [
	"saga.start",
	"payment.refund",
	"payment.void",
	"cart.close",
	"cart.reopen",
	"customer.release",
	"event",
	"history",
];

const OUTBOX = "outbox:";
const SEQ = "outbox-seq";
const RETRY = "outbox-retry";

/** How one lane's entries are delivered: each on its own, or all together (events in one batch). */
export interface Deliveries {
	/** Delivers one entry; throws to ask for a retry. `superseded`: a newer one of its kind follows. */
	one(entry: OutboxEntry, superseded: boolean): Promise<void>;
	/** Delivers a lane of events at once; throws to ask for a retry. */
	events(entries: OutboxEntry[]): Promise<void>;
	/** A delivery failed (it stays in the outbox and is retried). */
	failed(entry: OutboxEntry | undefined, error: unknown): void;
}

/**
 * The BookingDO's outbox, in its synchronous KV storage: effects are appended in the same step as
 * the state change that decided them (`outbox:<seq>` entries, `outbox-seq`), drained in lanes (one
 * per kind of effect, side by side; in order within a lane, a failure stopping that lane), and
 * what failed is retried with backoff (`outbox-retry`). Every delivery is idempotent, so a retry
 * after a crash or a timeout is always safe.
 */
export class BookingOutbox {
	constructor(
		private readonly kv: SyncKvStorage,
		private readonly now: () => number,
	) {}

	/** Appends `effects` for `snapshot`; call in the same synchronous step as the state write. */
	append(snapshot: BookingState, effects: readonly Effect[]): void {
		let seq = this.kv.get<number>(SEQ) ?? 0;
		const createdAt = this.now();
		const trace = currentTrace();
		for (const effect of effects) {
			seq += 1;
			this.kv.put(`${OUTBOX}${String(seq).padStart(12, "0")}`, {
				seq,
				effect,
				snapshot,
				createdAt,
				...(trace ? { trace } : {}),
			} satisfies OutboxEntry);
		}
		this.kv.put(SEQ, seq);
	}

	entries(): OutboxEntry[] {
		return [...this.kv.list<OutboxEntry>({ prefix: OUTBOX })].map(([, entry]) => entry);
	}

	hasPending(): boolean {
		return [...this.kv.list({ prefix: OUTBOX, limit: 1 })].length > 0;
	}

	/** When the next attempt is due, if something is waiting for one. */
	retryAt(): number | undefined {
		return this.kv.get<{ at: number }>(RETRY)?.at;
	}

	/** A fresh change: what it decided goes out now, not after an earlier failure's backoff. */
	clearRetry(): void {
		this.kv.delete(RETRY);
	}

	/** Asks for another attempt in `ms` (for work outside the outbox, like an expiry check). */
	retryIn(ms: number): void {
		this.kv.put(RETRY, { attempts: 1, at: this.now() + ms });
	}

	/**
	 * Delivers the outbox. Effects of different kinds do not depend on each other, so each kind
	 * is its own lane and the lanes run in parallel (the saga start does not wait for the history
	 * write); within a lane entries go in order and a failure stops that lane and backs off.
	 */
	async drain(deliveries: Deliveries): Promise<void> {
		const lanes = new Map<Effect["kind"], Array<[string, OutboxEntry]>>();
		for (const pair of this.kv.list<OutboxEntry>({ prefix: OUTBOX })) {
			const kind = pair[1].effect.kind;
			lanes.set(kind, [...(lanes.get(kind) ?? []), pair]);
		}
		// Lanes share one thread until their first await: what someone waits for goes first.
		const ordered = [...lanes].sort(([a], [b]) => LANE_PRIORITY.indexOf(a) - LANE_PRIORITY.indexOf(b));
		// Delivered entries leave the outbox together, in one storage write with the retry state.
		const delivered: string[] = [];
		const results = await Promise.all(ordered.map(([, lane]) => this.drainLane(lane, deliveries, delivered)));
		for (const key of delivered) this.kv.delete(key);
		if (results.every(Boolean)) {
			this.kv.delete(RETRY);
			return;
		}
		const attempts = (this.kv.get<{ attempts: number }>(RETRY)?.attempts ?? 0) + 1;
		this.kv.put(RETRY, { attempts, at: this.now() + jitteredBackoff(attempts, OUTBOX_BACKOFF) });
	}

	private async drainLane(
		lane: Array<[string, OutboxEntry]>,
		deliveries: Deliveries,
		delivered: string[],
	): Promise<boolean> {
		if (lane[0]?.[1].effect.kind === "event") {
			// Events go out together (ids make a repeat harmless to consumers), then leave the outbox.
			try {
				await deliveries.events(lane.map(([, entry]) => entry));
			} catch (error) {
				deliveries.failed(lane[0]?.[1], error);
				return false;
			}
			for (const [key] of lane) delivered.push(key);
			return true;
		}
		for (let i = 0; i < lane.length; i++) {
			const [key, entry] = lane[i] as [string, OutboxEntry];
			try {
				await withTrace(entry.trace && childOf(entry.trace), () =>
					deliveries.one(entry, i < lane.length - 1),
				);
			} catch (error) {
				deliveries.failed(entry, error);
				return false;
			}
			delivered.push(key);
		}
		return true;
	}
}
