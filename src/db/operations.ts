import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { BookingStatus } from "../domain/booking";
import type { BusinessType } from "../domain/business";
import type { PaymentMethod } from "../domain/payment-methods";
import type { SagaStatus } from "../saga/types";
import { decodeCursor, encodeCursor } from "./cursor";
import type { HistoryDatabase } from "./history";
import { bookings, deadEvents, orderItems, payments } from "./schema";

/**
 * What operators read from the history: the booking search (every filter on an index, keyset
 * pages so page 1000 costs what page 1 does), the operations summary, and the dead events with
 * their replay record. The Durable Objects stay the source of truth; D1 is what they search.
 */
export interface BookingSearch {
	status?: BookingStatus;
	attention?: boolean;
	customerId?: string;
	paymentMethod?: PaymentMethod;
	businessType?: BusinessType;
	partnerRef?: string;
	/** Created at or after / before (ISO 8601). */
	from?: string;
	to?: string;
	/** A booking id prefix, or a payment reference (the processor's payment id). */
	q?: string;
	limit?: number;
	cursor?: string;
}

export interface OperatorBookingRow {
	id: string;
	status: BookingStatus;
	paymentStatus: string;
	paymentMethod: PaymentMethod;
	total: number;
	customerId: string;
	createdAt: string;
	updatedAt: string;
	sagaStatus: SagaStatus | null;
	attention: boolean;
}

export interface OperationsSummary {
	byStatus: Record<string, number>;
	needsAttention: number;
	deadEvents: number;
	sagaMs: { p50: number | null; p99: number | null; n: number };
}

export interface DeadEventRow {
	id: string;
	queue: string;
	bookingId: string | null;
	attempts: number;
	firstFailedAt: string | null;
	lastError: string | null;
	deadAt: string;
	replayedAt: string | null;
	replayedBy: string | null;
	replayReason: string | null;
	body: unknown;
}

export const MAX_SEARCH_PAGE = 100;

/** A creation still asking for its payment link this long after it began is stuck. */
const STUCK_CREATION_MS = 2 * 60_000;

export class OperationsReader {
	constructor(private readonly db: HistoryDatabase) {}

	/** Newest first; `attention`: NEEDS_ATTENTION sagas, stuck creations, unreplayed dead events. */
	async searchBookings(
		search: BookingSearch,
		now: number,
	): Promise<{ bookings: OperatorBookingRow[]; nextCursor: string | null }> {
		const limit = Math.min(Math.max(Math.trunc(search.limit ?? 20), 1), MAX_SEARCH_PAGE);
		const after = search.cursor === undefined ? undefined : decodeCursor(search.cursor);
		if (search.cursor !== undefined && !after) throw new RangeError("Invalid search cursor");
		const stuckBefore = new Date(now - STUCK_CREATION_MS).toISOString();
		const attention = sql`(${bookings.attention} = 1
			or (${bookings.status} = 'CREATED' and ${payments.status} = 'REQUEST_PAYMENT_LINK' and ${bookings.createdAt} < ${stuckBefore})
			or exists (select 1 from ${deadEvents} where ${deadEvents.bookingId} = ${bookings.id} and ${deadEvents.replayedAt} is null))`;
		const conditions: Array<SQL | undefined> = [
			search.status ? eq(bookings.status, search.status) : undefined,
			search.attention === true ? attention : undefined,
			search.attention === false ? sql`not ${attention}` : undefined,
			search.customerId ? eq(bookings.customerId, search.customerId) : undefined,
			search.paymentMethod ? eq(payments.method, search.paymentMethod) : undefined,
			search.businessType
				? sql`exists (select 1 from ${orderItems} where ${orderItems.bookingId} = ${bookings.id} and ${orderItems.businessType} = ${search.businessType})`
				: undefined,
			search.partnerRef
				? inArray(
						bookings.id,
						this.db
							.select({ id: orderItems.bookingId })
							.from(orderItems)
							.where(eq(orderItems.partnerRef, search.partnerRef)),
					)
				: undefined,
			search.from ? gte(bookings.createdAt, search.from) : undefined,
			search.to ? lte(bookings.createdAt, search.to) : undefined,
			search.q
				? sql`(${bookings.id} >= ${search.q} and ${bookings.id} < ${`${search.q}\u{10FFFF}`} or ${payments.processorPaymentId} = ${search.q})`
				: undefined,
			after ? sql`(${bookings.createdAt}, ${bookings.id}) < (${after.createdAt}, ${after.id})` : undefined,
		];
		const rows = await this.db
			.select({
				id: bookings.id,
				status: bookings.status,
				paymentStatus: payments.status,
				paymentMethod: payments.method,
				total: bookings.total,
				customerId: bookings.customerId,
				createdAt: bookings.createdAt,
				updatedAt: bookings.updatedAt,
				sagaStatus: bookings.sagaStatus,
				attention: sql<number>`${attention}`,
			})
			.from(bookings)
			.innerJoin(payments, eq(payments.bookingId, bookings.id))
			.where(and(...conditions))
			.orderBy(desc(bookings.createdAt), desc(bookings.id))
			.limit(limit + 1);
		const page = rows.slice(0, limit).map((row) => ({ ...row, attention: Boolean(row.attention) }));
		const last = page.at(-1);
		return {
			bookings: page,
			nextCursor:
				rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
		};
	}

	/** Counts per status, what needs attention, dead events, and saga durations of the last hour. */
	async summary(now: number): Promise<OperationsSummary> {
		const hourAgo = new Date(now - 3_600_000).toISOString();
		const stuckBefore = new Date(now - STUCK_CREATION_MS).toISOString();
		const [byStatus, attention, dead, durations] = await this.db.batch([
			this.db
				.select({ status: bookings.status, n: sql<number>`count(*)` })
				.from(bookings)
				.groupBy(bookings.status),
			this.db
				.select({ n: sql<number>`count(*)` })
				.from(bookings)
				.innerJoin(payments, eq(payments.bookingId, bookings.id))
				.where(
					sql`${bookings.attention} = 1
						or (${bookings.status} = 'CREATED' and ${payments.status} = 'REQUEST_PAYMENT_LINK' and ${bookings.createdAt} < ${stuckBefore})`,
				),
			this.db.select({ n: sql<number>`count(*)` }).from(deadEvents).where(isNull(deadEvents.replayedAt)),
			this.db
				.select({ ms: bookings.sagaMs })
				.from(bookings)
				.where(
					and(
						isNotNull(bookings.sagaFinishedAt),
						gte(bookings.sagaFinishedAt, hourAgo),
						isNotNull(bookings.sagaMs),
					),
				)
				.orderBy(bookings.sagaMs),
		]);
		const ms = durations.map((row) => Number(row.ms));
		const quantile = (q: number) =>
			ms.length === 0 ? null : (ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? null);
		return {
			byStatus: Object.fromEntries(byStatus.map((row) => [row.status, Number(row.n)])),
			needsAttention: Number(attention[0]?.n ?? 0),
			deadEvents: Number(dead[0]?.n ?? 0),
			sagaMs: { p50: quantile(0.5), p99: quantile(0.99), n: ms.length },
		};
	}

	/** Dead events, newest first, by keyset pages over (deadAt, id). */
	async deadEvents(
		limit: number,
		cursor?: string,
	): Promise<{ deadEvents: DeadEventRow[]; nextCursor: string | null }> {
		const size = Math.min(Math.max(Math.trunc(limit), 1), MAX_SEARCH_PAGE);
		const after = cursor === undefined ? undefined : decodeCursor(cursor);
		if (cursor !== undefined && !after) throw new RangeError("Invalid dead events cursor");
		const rows = await this.db
			.select()
			.from(deadEvents)
			.where(
				after ? sql`(${deadEvents.deadAt}, ${deadEvents.id}) < (${after.createdAt}, ${after.id})` : undefined,
			)
			.orderBy(desc(deadEvents.deadAt), desc(deadEvents.id))
			.limit(size + 1);
		const page = rows.slice(0, size);
		const last = page.at(-1);
		return {
			deadEvents: page,
			nextCursor: rows.length > size && last ? encodeCursor({ createdAt: last.deadAt, id: last.id }) : null,
		};
	}

	async deadEvent(id: string): Promise<DeadEventRow | undefined> {
		const [row] = await this.db.select().from(deadEvents).where(eq(deadEvents.id, id)).limit(1);
		return row;
	}

	/** Marks a dead event replayed, once: true only for the call that marked it. */
	async claimReplay(id: string, by: string, reason: string, at: string): Promise<boolean> {
		const claimed = await this.db
			.update(deadEvents)
			.set({ replayedAt: at, replayedBy: by, replayReason: reason })
			.where(and(eq(deadEvents.id, id), isNull(deadEvents.replayedAt)))
			.returning({ id: deadEvents.id });
		return claimed.length === 1;
	}

	/** The replay could not be published: the event is dead again, to be replayed later. */
	async releaseReplay(id: string, at: string): Promise<void> {
		await this.db
			.update(deadEvents)
			.set({ replayedAt: null, replayedBy: null, replayReason: null })
			.where(and(eq(deadEvents.id, id), eq(deadEvents.replayedAt, at)));
	}
}
