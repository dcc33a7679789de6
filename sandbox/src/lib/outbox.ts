import { deliver, type WebhookTarget } from "./webhooks";

/**
 * A Durable Object's webhook outbox: events are appended in the same synchronous block as the
 * state change that caused them, and the DO's alarm delivers them strictly in order, retrying
 * with backoff. Every method is synchronous SQL, so it joins the caller's implicit transaction.
 */

/** Ten attempts, 1s apart then doubling: the last retry comes about 8.5 minutes after the first. */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** The wait before the next attempt, after `attempts` failed ones (1s, 2s, 4s, ...). */
export function retryDelayMs(attempts: number): number {
	return 1_000 * 2 ** Math.max(0, attempts - 1);
}

/** Where one event stands in the outbox. FAILED means the retries ran out. */
export type DeliveryState = "PENDING" | "DELIVERED" | "FAILED";
export type Delivery = {
	eventId: string;
	state: DeliveryState;
	attempts: number;
	lastStatus?: number;
	lastError?: string;
	deliveredAt?: string;
};

/** The head of the outbox: the oldest event not yet delivered or given up on. */
export type OutboxEntry = { eventId: string; body: string; attempts: number; nextAttemptAt: number };

/** What draining needs from a store; PaymentStore and Outbox both provide it. */
export interface OutboxStore {
	outboxHead(): OutboxEntry | null;
	markDelivered(eventId: string, status: number, at: string): void;
	markAttemptFailed(eventId: string, status: number | undefined, error: string, nextAttemptAt?: number): void;
}

export const OUTBOX_SCHEMA = `CREATE TABLE IF NOT EXISTS events (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	event_id TEXT NOT NULL UNIQUE,
	body TEXT NOT NULL,
	state TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	last_status INTEGER,
	last_error TEXT,
	delivered_at TEXT
)`;

type EventRow = {
	event_id: string;
	body: string;
	state: string;
	attempts: number;
	next_attempt_at: number;
	last_status: number | null;
	last_error: string | null;
	delivered_at: string | null;
};

export class Outbox implements OutboxStore {
	constructor(protected readonly sql: SqlStorage) {}

	migrate(): void {
		this.sql.exec(OUTBOX_SCHEMA);
	}

	append(eventId: string, body: string, dueAt: number): void {
		this.sql.exec(
			"INSERT INTO events (event_id, body, state, next_attempt_at) VALUES (?, ?, 'PENDING', ?)",
			eventId,
			body,
			dueAt,
		);
	}

	events<T>(): T[] {
		const rows = this.sql.exec<{ body: string }>("SELECT body FROM events ORDER BY seq").toArray();
		return rows.map((row) => JSON.parse(row.body) as T);
	}

	deliveries(): Delivery[] {
		const rows = this.sql.exec<EventRow>("SELECT * FROM events ORDER BY seq").toArray();
		return rows.map((row) => {
			const delivery: Delivery = {
				eventId: row.event_id,
				state: row.state as DeliveryState,
				attempts: row.attempts,
			};
			if (row.last_status !== null) delivery.lastStatus = row.last_status;
			if (row.last_error !== null) delivery.lastError = row.last_error;
			if (row.delivered_at !== null) delivery.deliveredAt = row.delivered_at;
			return delivery;
		});
	}

	outboxHead(): OutboxEntry | null {
		const row = this.sql
			.exec<EventRow>("SELECT * FROM events WHERE state = 'PENDING' ORDER BY seq LIMIT 1")
			.toArray()[0];
		if (!row) return null;
		return {
			eventId: row.event_id,
			body: row.body,
			attempts: row.attempts,
			nextAttemptAt: row.next_attempt_at,
		};
	}

	last(): { eventId: string; body: string } | null {
		const row = this.sql
			.exec<{ event_id: string; body: string }>("SELECT event_id, body FROM events ORDER BY seq DESC LIMIT 1")
			.toArray()[0];
		return row ? { eventId: row.event_id, body: row.body } : null;
	}

	markDelivered(eventId: string, status: number, at: string): void {
		this.sql.exec(
			`UPDATE events SET state = 'DELIVERED', attempts = attempts + 1, last_status = ?, last_error = NULL,
				delivered_at = ? WHERE event_id = ?`,
			status,
			at,
			eventId,
		);
	}

	/** Records a failed attempt; without a next attempt time the event is given up (FAILED). */
	markAttemptFailed(
		eventId: string,
		status: number | undefined,
		error: string,
		nextAttemptAt?: number,
	): void {
		this.sql.exec(
			`UPDATE events SET attempts = attempts + 1, last_status = ?, last_error = ?,
				state = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE event_id = ?`,
			status ?? null,
			error,
			nextAttemptAt === undefined ? "FAILED" : "PENDING",
			nextAttemptAt ?? null,
			eventId,
		);
	}
}

/**
 * Delivers the outbox head until it is empty or the head must wait. A later event never
 * overtakes an earlier one; an event whose retries ran out is marked FAILED and skipped.
 * Only the alarm calls this, and alarms never overlap, so the head read before an attempt is
 * still current after it.
 */
export async function drainOutbox(store: OutboxStore, target: WebhookTarget): Promise<void> {
	for (;;) {
		const head = store.outboxHead();
		if (!head || head.nextAttemptAt > Date.now()) return;
		const result = await deliver(target, head.body, new Date());
		const finished = new Date();
		if (result.ok) {
			store.markDelivered(head.eventId, result.status, finished.toISOString());
			continue;
		}
		const attempts = head.attempts + 1;
		const retryAt =
			attempts < MAX_DELIVERY_ATTEMPTS ? finished.getTime() + retryDelayMs(attempts) : undefined;
		store.markAttemptFailed(head.eventId, result.status, result.error, retryAt);
		if (retryAt !== undefined) return;
		console.warn(`${target.sender}: gave up on event ${head.eventId} after ${attempts} attempts`);
	}
}

export type RedeliverResult = { eventId: string; delivered: boolean; status?: number };

/** Sends the last event again, out of band: same id and body, a fresh signature. */
export async function redeliverLast(
	last: { eventId: string; body: string },
	target: WebhookTarget,
): Promise<RedeliverResult> {
	const result = await deliver(target, last.body, new Date());
	const answer: RedeliverResult = { eventId: last.eventId, delivered: result.ok };
	if (result.status !== undefined) answer.status = result.status;
	return answer;
}
