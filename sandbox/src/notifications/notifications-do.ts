import { DurableObject } from "cloudflare:workers";
import type { Notification } from "./messages";

/**
 * Responsibilities: the messages sent about one booking (named by bookingId), oldest first,
 * each under the idempotency key it was sent with, so a retried send returns the first
 * message instead of sending a second one. Idempotency keys are scoped to their booking.
 */
export class NotificationsDO extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			`CREATE TABLE IF NOT EXISTS messages (
				seq INTEGER PRIMARY KEY AUTOINCREMENT,
				idempotency_key TEXT NOT NULL UNIQUE,
				body TEXT NOT NULL
			)`,
		);
	}

	/** Records the message under `key`, or returns the one the key already sent. */
	send(key: string, candidate: Notification): { created: boolean; notification: Notification } {
		const sql = this.ctx.storage.sql;
		const existing = sql
			.exec<{ body: string }>("SELECT body FROM messages WHERE idempotency_key = ?", key)
			.toArray()[0];
		if (existing) return { created: false, notification: JSON.parse(existing.body) as Notification };
		sql.exec("INSERT INTO messages (idempotency_key, body) VALUES (?, ?)", key, JSON.stringify(candidate));
		return { created: true, notification: candidate };
	}

	list(): Notification[] {
		return this.ctx.storage.sql
			.exec<{ body: string }>("SELECT body FROM messages ORDER BY seq")
			.toArray()
			.map((row) => JSON.parse(row.body) as Notification);
	}
}
