import { and, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type {
	BaseSQLiteDatabase,
	SQLiteColumn,
	SQLiteTable,
	SQLiteUpdateSetSource,
} from "drizzle-orm/sqlite-core";
import type { BookingState } from "../domain/booking";
import type { TimelineEntry } from "../domain/timeline";
import { type HistoryEvent, HistoryReader, ITEM_CHILDREN } from "./history-reads";
import { type BookingRows, bookingRows } from "./rows";
import {
	bookingEvents,
	bookings,
	deadEvents,
	eventFailures,
	fareComponents,
	orderDeliveryDetails,
	orderItems,
	orderPassengerInfo,
	orderRentDetails,
	orderRideDetails,
	orderServiceFees,
	orderShuttleDetails,
	orderVehicleInfo,
	payments,
	promos,
	timelineEntries,
} from "./schema";

export type { BookingPage, BookingSummary, HistoryEvent, ListBookingsOptions } from "./history-reads";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./history-reads";

/**
 * What D1 (`drizzle-orm/d1`) and libSQL (`drizzle-orm/libsql`) databases share: the SQLite query
 * builders plus `batch`, which runs its statements atomically on both. D1 has no interactive
 * transactions, so every write here is a single batch.
 */
export type HistoryDatabase = BaseSQLiteDatabase<"async", unknown> & {
	batch<U extends BatchItem<"sqlite">, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};

// D1 binds at most 100 parameters per statement; an event row binds 6.
const EVENTS_PER_STATEMENT = 16;

/** An upsert's SET: every column but the key takes the value the insert brought (`excluded`). */
function takeExcluded<T extends SQLiteTable>(table: T, key: SQLiteColumn[]): SQLiteUpdateSetSource<T> {
	const keyNames = new Set(key.map((column) => column.name));
	return Object.fromEntries(
		Object.entries(getTableColumns(table))
			.filter(([, column]) => !keyNames.has(column.name))
			.map(([name, column]) => [name, sql`excluded.${sql.identifier(column.name)}`]),
	) as SQLiteUpdateSetSource<T>;
}

/** The order history: the projection's writes here, the reads in HistoryReader (history-reads.ts). */
export class HistoryRepository extends HistoryReader {
	/**
	 * Writes a whole snapshot, idempotently. The booking row only moves forward (an older version
	 * never overwrites a newer one), and every child write is guarded by "the stored version is
	 * now exactly this one", so a stale or replayed snapshot leaves the children alone too.
	 */
	async project(booking: BookingState): Promise<void> {
		const { db } = this;
		const rows = bookingRows(booking);
		const current = this.isCurrent(booking);
		const insert = this.guardedInsert(current);
		const itemIds = db
			.select({ id: orderItems.id })
			.from(orderItems)
			.where(eq(orderItems.bookingId, booking.id));
		const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [
			this.upsertBooking(rows.booking),
			// Children first, then their parents: D1 enforces foreign keys.
			...ITEM_CHILDREN.map((table) =>
				db.delete(table).where(and(inArray(table.orderItemId, itemIds), current)),
			),
			db.delete(orderItems).where(and(eq(orderItems.bookingId, booking.id), current)),
			db.delete(orderServiceFees).where(and(eq(orderServiceFees.bookingId, booking.id), current)),
			db.delete(promos).where(and(eq(promos.bookingId, booking.id), current)),
			db.delete(payments).where(and(eq(payments.bookingId, booking.id), current)),
			insert(payments, rows.payment),
			...(rows.promo ? [insert(promos, rows.promo)] : []),
			...rows.serviceFees.map((row) => insert(orderServiceFees, row)),
			...rows.items.map((row) => insert(orderItems, row)),
			...rows.rides.map((row) => insert(orderRideDetails, row)),
			...rows.rents.map((row) => insert(orderRentDetails, row)),
			...rows.deliveries.map((row) => insert(orderDeliveryDetails, row)),
			...rows.shuttles.map((row) => insert(orderShuttleDetails, row)),
			...rows.passengers.map((row) => insert(orderPassengerInfo, row)),
			...rows.vehicles.map((row) => insert(orderVehicleInfo, row)),
			...rows.fareComponents.map((row) => insert(fareComponents, row)),
		];
		await db.batch(statements);
	}

	/**
	 * Writes what a booking changes after it is created, for a booking whose snapshot was
	 * projected whole before (`project`): the booking row, the payment, each item's status,
	 * partner reference and update time, and vehicles as partners assign them. Item details,
	 * passengers, fare components, service fees and the promo are fixed at creation, so a few
	 * statements replace the whole projection's two dozen. Same guards as `project`: an older
	 * or replayed snapshot changes nothing.
	 */
	async projectChanges(booking: BookingState): Promise<void> {
		const { db } = this;
		const rows = bookingRows(booking);
		const current = this.isCurrent(booking);
		const upsert = this.guardedUpsert(current);
		const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [
			this.upsertBooking(rows.booking),
			upsert(payments, rows.payment, [payments.bookingId]),
			...rows.items.map((item) =>
				db
					.update(orderItems)
					.set({ status: item.status, partnerRef: item.partnerRef, updatedAt: item.updatedAt })
					.where(and(eq(orderItems.id, item.id), current)),
			),
			...rows.vehicles.map((row) => upsert(orderVehicleInfo, row, [orderVehicleInfo.orderItemId])),
		];
		await db.batch(statements);
	}

	/** "The stored booking is now exactly this version": true only right after its upsert won. */
	private isCurrent(booking: BookingState): SQL {
		return sql`exists (select 1 from ${bookings} where ${bookings.id} = ${booking.id} and ${bookings.version} = ${booking.version})`;
	}

	/** The booking row only moves forward: an older version never overwrites a newer one. */
	private upsertBooking(row: BookingRows["booking"]) {
		return this.db
			.insert(bookings)
			.values(row)
			.onConflictDoUpdate({
				target: bookings.id,
				set: takeExcluded(bookings, [bookings.id]),
				setWhere: sql`excluded.version >= ${bookings.version}`,
			});
	}

	/** INSERT ... SELECT <values> WHERE <guard>: inserts nothing when the guard is false. */
	private guardedInsert(guard: SQL) {
		return <T extends SQLiteTable>(table: T, row: T["$inferSelect"]) => {
			const values = Object.entries(getTableColumns(table)).map(([key, column]) =>
				sql.param((row as Record<string, unknown>)[key] ?? null, column),
			);
			return this.db.insert(table).select(sql`select ${sql.join(values, sql`, `)} where ${guard}`);
		};
	}

	/** Like guardedInsert, replacing the row with the same key (its children stay). */
	private guardedUpsert(guard: SQL) {
		const insert = this.guardedInsert(guard);
		return <T extends SQLiteTable>(table: T, row: T["$inferSelect"], key: SQLiteColumn[]) =>
			insert(table, row).onConflictDoUpdate({ target: key, set: takeExcluded(table, key) });
	}

	/** Appends events to the log; an event id seen before is ignored, so redelivery is harmless. */
	async recordEvents(events: readonly HistoryEvent[]): Promise<void> {
		const statements: BatchItem<"sqlite">[] = [];
		for (let start = 0; start < events.length; start += EVENTS_PER_STATEMENT) {
			const chunk = events.slice(start, start + EVENTS_PER_STATEMENT);
			statements.push(
				this.db
					.insert(bookingEvents)
					.values(chunk.map((event) => ({ ...event, payload: event.payload ?? null })))
					.onConflictDoNothing({ target: bookingEvents.id }),
			);
		}
		const [first, ...rest] = statements;
		if (first) await this.db.batch([first, ...rest]);
	}

	/** Journal entries for bookings' timelines (webhooks, notifications, operator actions), once each by id. */
	async recordTimeline(
		entries: readonly (TimelineEntry & { id: string; bookingId: string })[],
	): Promise<void> {
		if (entries.length === 0) return;
		await this.db
			.insert(timelineEntries)
			.values(entries.map((entry) => ({ ...entry, data: entry.data })))
			.onConflictDoNothing({ target: timelineEntries.id });
	}

	/** A booking event's consumer failed: the attempt and its error, the first failure kept. */
	async recordEventFailure(id: string, attempts: number, error: string, at: string): Promise<void> {
		await this.db
			.insert(eventFailures)
			.values({ id, attempts, firstFailedAt: at, lastError: error.slice(0, 2_000) })
			.onConflictDoUpdate({
				target: eventFailures.id,
				set: {
					attempts: sql`max(${eventFailures.attempts}, excluded.attempts)`,
					lastError: sql`excluded.last_error`,
				},
			});
	}

	/** An event that failed every retry, kept once with why it failed (its failure record moves here). */
	async recordDeadEvent(dead: {
		id: string;
		queue: string;
		body: unknown;
		attempts: number;
		at: string;
	}): Promise<void> {
		const [failure] = await this.db
			.select()
			.from(eventFailures)
			.where(eq(eventFailures.id, dead.id))
			.limit(1);
		await this.db.batch([
			this.db
				.insert(deadEvents)
				.values({
					id: dead.id,
					queue: dead.queue,
					body: dead.body ?? null,
					attempts: Math.max(dead.attempts, failure?.attempts ?? 0),
					firstFailedAt: failure?.firstFailedAt ?? null,
					lastError: failure?.lastError ?? null,
					deadAt: dead.at,
					bookingId: bookingIdOf(dead.body),
				})
				.onConflictDoNothing({ target: deadEvents.id }),
			this.db.delete(eventFailures).where(eq(eventFailures.id, dead.id)),
		]);
	}
}

/** The booking a queue message is about, when its body names one by a string id. */
function bookingIdOf(body: unknown): string | null {
	const id = (body as { bookingId?: unknown } | null)?.bookingId;
	return typeof id === "string" && id.length <= 128 ? id : null;
}
