import { DurableObject } from "cloudflare:workers";
import type { StoredSession } from "./schemas";

/**
 * Responsibilities: holds one search session (the quote: details and priced fleets) so a
 * later lookup sees exactly what was offered, across restarts.
 * The table is created on the first write only: a lookup of an id that was never created
 * must leave no storage behind, so the usual constructor migration does not fit here.
 */
export class SessionDO extends DurableObject<Env> {
	async create(session: StoredSession): Promise<void> {
		const sql = this.ctx.storage.sql;
		sql.exec("CREATE TABLE IF NOT EXISTS session (session_id TEXT PRIMARY KEY, body TEXT NOT NULL)");
		sql.exec(
			"INSERT INTO session (session_id, body) VALUES (?, ?)",
			session.sessionId,
			JSON.stringify(session),
		);
	}

	async read(): Promise<StoredSession | null> {
		const sql = this.ctx.storage.sql;
		const tables = sql
			.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'session'")
			.toArray();
		if (tables.length === 0) return null;
		const row = sql.exec<{ body: string }>("SELECT body FROM session LIMIT 1").toArray()[0];
		return row ? (JSON.parse(row.body) as StoredSession) : null;
	}
}
