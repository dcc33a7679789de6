import { createClient } from "@libsql/client/web";
import { drizzle as d1 } from "drizzle-orm/d1";
import { drizzle as libsql } from "drizzle-orm/libsql/web";
import { HistoryRepository } from "./history";

export { historyShape } from "./assemble";
export { decodeCursor } from "./cursor";
export type { BookingPage, BookingSummary, HistoryEvent, ListBookingsOptions } from "./history";
export { HistoryRepository } from "./history";

/**
 * The order history for this environment: D1 (`DB`) by default, or a libSQL/Turso server when
 * `HISTORY_DB_URL` is set (for when D1's per-database size limit is outgrown). The web client
 * speaks HTTP through `fetch`, so it runs in workerd.
 */
export function historyRepository(env: Env): HistoryRepository {
	if (env.HISTORY_DB_URL) {
		const client = createClient({
			url: env.HISTORY_DB_URL,
			authToken: env.HISTORY_DB_AUTH_TOKEN ?? env.HISTORY_DB_TOKEN,
		});
		return new HistoryRepository(libsql(client));
	}
	return new HistoryRepository(d1(env.DB));
}
