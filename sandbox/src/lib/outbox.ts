import { deliver, type WebhookTarget } from "./webhooks";

/**
 * A Durable Object's webhook outbox: events are appended in the same synchronous block as the
 * state change that caused them, and the DO's alarm delivers them strictly in order, retrying
 * with backoff. Every method is synchronous SQL, so it joins the caller's implicit transaction.
 *
 * A DO that holds many independent things (a partner type's orders) uses a ScopedOutbox: each
 * event carries a scope, order is kept within a scope, and a scope whose head is backing off
 * does not hold up the others. A plain Outbox leaves the scope NULL and never reads it, so
 * tables made before the column existed keep working.
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
	delivered_at TEXT,
	scope TEXT
)`;

/** Only a ScopedOutbox creates these: an older plain outbox table has no scope column. */
const SCOPE_INDEXES = [
	"CREATE INDEX IF NOT EXISTS events_scope ON events (scope, seq)",
	// The pending events alone, so finding every scope's head does not walk the delivered ones.
	"CREATE INDEX IF NOT EXISTS events_pending ON events (scope, seq) WHERE state = 'PENDING'",
];

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

	/** Queues an event; with a scope, only for that scope (see ScopedOutbox). */
	append(eventId: string, body: string, dueAt: number, scope?: string): void {
		if (scope === undefined) {
			this.sql.exec(
				"INSERT INTO events (event_id, body, state, next_attempt_at) VALUES (?, ?, 'PENDING', ?)",
				eventId,
				body,
				dueAt,
			);
			return;
		}
		this.sql.exec(
			"INSERT INTO events (event_id, body, state, next_attempt_at, scope) VALUES (?, ?, 'PENDING', ?, ?)",
			eventId,
			body,
			dueAt,
			scope,
		);
	}

	/** Every event, oldest first; with a scope, that scope's only. */
	events<T>(scope?: string): T[] {
		const rows = this.select<{ body: string }>("body", [], scope, "ORDER BY seq");
		return rows.map((row) => JSON.parse(row.body) as T);
	}

	deliveries(scope?: string): Delivery[] {
		const rows = this.select<EventRow>("*", [], scope, "ORDER BY seq");
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

	/** The oldest event not yet delivered or given up on; with a scope, that scope's. */
	outboxHead(scope?: string): OutboxEntry | null {
		const row = this.select<EventRow>("*", ["state = 'PENDING'"], scope, "ORDER BY seq LIMIT 1")[0];
		return row ? entryOf(row) : null;
	}

	/** The newest event; with a scope, that scope's. */
	last(scope?: string): { eventId: string; body: string } | null {
		const row = this.select<{ event_id: string; body: string }>(
			"event_id, body",
			[],
			scope,
			"ORDER BY seq DESC LIMIT 1",
		)[0];
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

	/** Events matching `conditions`, and the scope if there is one (unscoped, the column is never named). */
	private select<T extends Record<string, SqlStorageValue>>(
		columns: string,
		conditions: readonly string[],
		scope: string | undefined,
		tail: string,
	): T[] {
		const where = scope === undefined ? conditions : [...conditions, "scope = ?"];
		const clause = where.length > 0 ? ` WHERE ${where.join(" AND ")}` : "";
		const query = `SELECT ${columns} FROM events${clause} ${tail}`;
		return (scope === undefined ? this.sql.exec<T>(query) : this.sql.exec<T>(query, scope)).toArray();
	}
}

function entryOf(row: EventRow): OutboxEntry {
	return {
		eventId: row.event_id,
		body: row.body,
		attempts: row.attempts,
		nextAttemptAt: row.next_attempt_at,
	};
}

/** The head of one scope of a ScopedOutbox. */
export type ScopedEntry = OutboxEntry & { scope: string };

/**
 * An outbox shared by many scopes (a partner type's orders, scoped by partnerRef). Events of
 * one scope are delivered strictly in order; each scope has its own head, so one whose
 * deliveries keep failing backs off alone. Events must be appended with a scope.
 */
export class ScopedOutbox extends Outbox {
	override migrate(): void {
		super.migrate();
		for (const statement of SCOPE_INDEXES) this.sql.exec(statement);
	}

	/** Every scope's head whose attempt is due by `nowMs`, oldest first. */
	dueHeads(nowMs: number): ScopedEntry[] {
		return this.sql
			.exec<EventRow & { scope: string }>(
				`SELECT e.* FROM events e
					JOIN (SELECT MIN(seq) AS seq FROM events WHERE state = 'PENDING' GROUP BY scope) h ON e.seq = h.seq
					WHERE e.next_attempt_at <= ? ORDER BY e.seq`,
				nowMs,
			)
			.toArray()
			.map((row) => ({ ...entryOf(row), scope: row.scope }));
	}

	/** When the earliest scope head is next due; a later event in a scope waits for its head. */
	nextAttemptAt(): number | null {
		return this.sql
			.exec<{ at: number | null }>(
				`SELECT MIN(e.next_attempt_at) AS at FROM events e
					JOIN (SELECT MIN(seq) AS seq FROM events WHERE state = 'PENDING' GROUP BY scope) h ON e.seq = h.seq`,
			)
			.one().at;
	}
}

type Attempt = "DELIVERED" | "RETRY" | "FAILED";

/** One delivery attempt of `head`, recorded in the store; FAILED means the retries ran out. */
async function attempt(store: OutboxStore, target: WebhookTarget, head: OutboxEntry): Promise<Attempt> {
	const result = await deliver(target, head.body, new Date());
	const finished = new Date();
	if (result.ok) {
		store.markDelivered(head.eventId, result.status, finished.toISOString());
		return "DELIVERED";
	}
	const attempts = head.attempts + 1;
	const retryAt = attempts < MAX_DELIVERY_ATTEMPTS ? finished.getTime() + retryDelayMs(attempts) : undefined;
	store.markAttemptFailed(head.eventId, result.status, result.error, retryAt);
	if (retryAt !== undefined) return "RETRY";
	console.warn(`${target.sender}: gave up on event ${head.eventId} after ${attempts} attempts`);
	return "FAILED";
}

/**
 * Delivers the outbox head until it is empty or the head must wait. A later event never
 * overtakes an earlier one; an event whose retries ran out is marked FAILED and skipped.
 * The caller runs one drain at a time (the alarm, or a run it guards the same way), so the head
 * read before an attempt is still current after it.
 */
export async function drainOutbox(store: OutboxStore, target: WebhookTarget): Promise<void> {
	for (;;) {
		const head = store.outboxHead();
		if (!head || head.nextAttemptAt > Date.now()) return;
		if ((await attempt(store, target, head)) === "RETRY") return;
	}
}

/**
 * Tells a running drainScopedOutbox that events may have become due, so it starts their scopes
 * at once instead of when one of the scopes it is draining is done. A wake-up with no drain
 * waiting is dropped: a drain looks for due scopes before it waits.
 */
export class DrainWakeup {
	private waiting?: { promise: Promise<void>; resolve: () => void };

	wake(): void {
		const waiting = this.waiting;
		this.waiting = undefined;
		waiting?.resolve();
	}

	/** Settles at the next wake(). */
	next(): Promise<void> {
		if (!this.waiting) {
			let resolve: () => void = () => undefined;
			const promise = new Promise<void>((settle) => {
				resolve = settle;
			});
			this.waiting = { promise, resolve };
		}
		return this.waiting.promise;
	}
}

/**
 * Drains every scope of a ScopedOutbox as if each had an outbox of its own: the scopes side by
 * side, each one strictly in order, a scope stopping at a head that must wait while the others
 * go on; `target` may differ by scope (each partner signs with its own secret). Whenever a scope is done, or `wakeup` is woken, scopes that became due meanwhile (a new
 * event, a head whose wait is over) are started too. Only the alarm calls this, and alarms never
 * overlap (or the caller runs one drain at a time the same way), so a scope has one drain at a
 * time and its head read before an attempt is still current after it.
 */
export async function drainScopedOutbox(
	outbox: ScopedOutbox,
	target: WebhookTarget | ((scope: string) => WebhookTarget),
	wakeup?: DrainWakeup,
): Promise<void> {
	const targetOf = typeof target === "function" ? target : () => target;
	const running = new Map<string, Promise<void>>();
	for (;;) {
		for (const head of outbox.dueHeads(Date.now())) {
			if (running.has(head.scope)) continue;
			const drained = drainScope(outbox, targetOf(head.scope), head).finally(() =>
				running.delete(head.scope),
			);
			running.set(head.scope, drained);
		}
		if (running.size === 0) return;
		await Promise.race(wakeup ? [...running.values(), wakeup.next()] : running.values());
	}
}

async function drainScope(outbox: ScopedOutbox, target: WebhookTarget, first: ScopedEntry): Promise<void> {
	let head: OutboxEntry | null = first;
	while (head && head.nextAttemptAt <= Date.now()) {
		if ((await attempt(outbox, target, head)) === "RETRY") return;
		head = outbox.outboxHead(first.scope);
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
