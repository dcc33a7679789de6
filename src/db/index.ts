import { createClient } from "@libsql/client/web";
import { drizzle as d1 } from "drizzle-orm/d1";
import { drizzle as libsql } from "drizzle-orm/libsql/web";
import type { HistoryDatabase } from "./history";
import { HistoryRepository } from "./history";
import { OperationsReader } from "./operations";

export { historyShape } from "./assemble";
export { decodeCursor } from "./cursor";
export type { BookingPage, BookingSummary, HistoryEvent, ListBookingsOptions } from "./history";
export { HistoryRepository } from "./history";
export type { BookingSearch, DeadEventRow, OperationsSummary, OperatorBookingRow } from "./operations";
export { MAX_SEARCH_PAGE, OperationsReader } from "./operations";

/**
 * The order history for this environment: D1 (`DB`) by default, or a libSQL/Turso server when
 * `HISTORY_DB_URL` is set (for when D1's per-database size limit is outgrown). The web client
 * speaks HTTP through `fetch`, so it runs in workerd.
 */
export function historyRepository(env: Env): HistoryRepository {
	return new HistoryRepository(historyDatabase(env));
}

/** Operators' reads (search, summary, dead events) over the same database. */
export function operationsReader(env: Env): OperationsReader {
	return new OperationsReader(historyDatabase(env));
}

function historyDatabase(env: Env): HistoryDatabase {
	if (env.HISTORY_DB_URL) {
		const client = createClient({
			url: env.HISTORY_DB_URL,
			authToken: env.HISTORY_DB_AUTH_TOKEN ?? env.HISTORY_DB_TOKEN,
		});
		return libsql(client);
	}
	return d1(env.DB);
}
