import { DurableObject } from "cloudflare:workers";
import type { Notification } from "./messages";

/** The one instance that holds every message (a Durable Object per booking would cost a new SQLite file per booking). */
export const NOTIFICATIONS_INSTANCE = "messages";

/**
 * Responsibilities: the messages the notification service sent, per booking oldest first,
 * each under the idempotency key it was sent with, so a retried send returns the first
 * message instead of sending a second one. Idempotency keys are scoped to their booking.
 */
export class NotificationsDO extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			`CREATE TABLE IF NOT EXISTS notifications (
				seq INTEGER PRIMARY KEY AUTOINCREMENT,
				booking_id TEXT NOT NULL,
				idempotency_key TEXT NOT NULL,
				body TEXT NOT NULL,
				UNIQUE (booking_id, idempotency_key)
			)`,
		);
	}

	/** Records the message under `key`, or returns the one the key already sent. */
	send(key: string, candidate: Notification): { created: boolean; notification: Notification } {
		const sql = this.ctx.storage.sql;
		const existing = sql
			.exec<{ body: string }>(
				"SELECT body FROM notifications WHERE booking_id = ? AND idempotency_key = ?",
				candidate.bookingId,
				key,
			)
			.toArray()[0];
		if (existing) return { created: false, notification: JSON.parse(existing.body) as Notification };
		sql.exec(
			"INSERT INTO notifications (booking_id, idempotency_key, body) VALUES (?, ?, ?)",
			candidate.bookingId,
			key,
			JSON.stringify(candidate),
		);
		return { created: true, notification: candidate };
	}

	list(bookingId: string): Notification[] {
		return this.ctx.storage.sql
			.exec<{ body: string }>("SELECT body FROM notifications WHERE booking_id = ? ORDER BY seq", bookingId)
			.toArray()
			.map((row) => JSON.parse(row.body) as Notification);
	}
}
