import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { BookingState, BookingStatus, PaymentStatus } from "../domain/booking";
import type { FeeRule } from "../domain/fees";
import type { PaymentMethod } from "../domain/payment-methods";
import type { TimelineEntry } from "../domain/timeline";
import { assembleBooking } from "./assemble";
import { decodeCursor, encodeCursor } from "./cursor";
import type { HistoryDatabase } from "./history";
import {
	bookingEvents,
	bookings,
	deadEvents,
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
	servicesFeeRules,
	servicesFees,
	timelineEntries,
} from "./schema";

export interface BookingSummary {
	id: string;
	status: BookingStatus;
	total: number;
	currency: "IDR";
	paymentMethod: PaymentMethod;
	paymentStatus: PaymentStatus;
	itemCount: number;
	createdAt: string;
	updatedAt: string;
}

export interface ListBookingsOptions {
	status?: BookingStatus;
	/** An opaque `nextCursor` from the previous page. */
	cursor?: string;
	/** Page size: 20 by default, at most 100. */
	limit?: number;
}

export interface BookingPage {
	bookings: BookingSummary[];
	nextCursor?: string;
}

export interface HistoryEvent {
	id: string;
	bookingId: string;
	type: string;
	version: number;
	payload: unknown;
	createdAt: string;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export interface DeadEvent {
	id: string;
	queue: string;
	body: unknown;
	attempts: number;
	firstFailedAt: string | null;
	lastError: string | null;
	deadAt: string;
}

/** Every table that holds rows per order item. */
export const ITEM_CHILDREN = [
	orderRideDetails,
	orderRentDetails,
	orderDeliveryDetails,
	orderShuttleDetails,
	orderPassengerInfo,
	orderVehicleInfo,
	fareComponents,
] as const;

/** The order history's reads: the customer's list, a whole booking, fee rules, events, the item index. */
export class HistoryReader {
	constructor(protected readonly db: HistoryDatabase) {}

	async listBookings(ownerId: string, options: ListBookingsOptions = {}): Promise<BookingPage> {
		const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
		const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
		if (options.cursor !== undefined && !after) throw new RangeError("Invalid booking list cursor");
		const rows = await this.db
			.select({
				id: bookings.id,
				status: bookings.status,
				total: bookings.total,
				currency: bookings.currency,
				paymentMethod: payments.method,
				paymentStatus: payments.status,
				itemCount: sql<number>`(select count(*) from ${orderItems} where ${orderItems.bookingId} = ${bookings.id})`,
				createdAt: bookings.createdAt,
				updatedAt: bookings.updatedAt,
			})
			.from(bookings)
			.innerJoin(payments, eq(payments.bookingId, bookings.id))
			.where(
				and(
					eq(bookings.customerId, ownerId),
					options.status ? eq(bookings.status, options.status) : undefined,
					after
						? sql`(${bookings.createdAt}, ${bookings.id}) < (${after.createdAt}, ${after.id})`
						: undefined,
				),
			)
			.orderBy(desc(bookings.createdAt), desc(bookings.id))
			.limit(limit + 1);
		const page = rows.slice(0, limit).map((row) => ({ ...row, itemCount: Number(row.itemCount) }));
		const last = page.at(-1);
		return rows.length > limit && last
			? { bookings: page, nextCursor: encodeCursor({ createdAt: last.createdAt, id: last.id }) }
			: { bookings: page };
	}

	/** The booking as the history holds it (see `historyShape`), or undefined if never projected. */
	async getBooking(id: string): Promise<BookingState | undefined> {
		const { db } = this;
		const itemIds = db.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.bookingId, id));
		const ofItems = <T extends (typeof ITEM_CHILDREN)[number]>(table: T): SQL | undefined =>
			inArray(table.orderItemId, itemIds);
		// One batch, so every table is read from the same committed state.
		const [
			booking,
			payment,
			promo,
			items,
			rides,
			rents,
			deliveries,
			shuttles,
			passengers,
			vehicles,
			fares,
			fees,
		] = await db.batch([
			db.select().from(bookings).where(eq(bookings.id, id)),
			db.select().from(payments).where(eq(payments.bookingId, id)),
			db.select().from(promos).where(eq(promos.bookingId, id)),
			db.select().from(orderItems).where(eq(orderItems.bookingId, id)),
			db.select().from(orderRideDetails).where(ofItems(orderRideDetails)),
			db.select().from(orderRentDetails).where(ofItems(orderRentDetails)),
			db.select().from(orderDeliveryDetails).where(ofItems(orderDeliveryDetails)),
			db.select().from(orderShuttleDetails).where(ofItems(orderShuttleDetails)),
			db.select().from(orderPassengerInfo).where(ofItems(orderPassengerInfo)),
			db.select().from(orderVehicleInfo).where(ofItems(orderVehicleInfo)),
			db.select().from(fareComponents).where(ofItems(fareComponents)),
			db.select().from(orderServiceFees).where(eq(orderServiceFees.bookingId, id)),
		]);
		const [bookingRow] = booking;
		const [paymentRow] = payment;
		if (!bookingRow || !paymentRow) return undefined;
		return assembleBooking({
			booking: bookingRow,
			payment: paymentRow,
			promo: promo[0],
			items,
			rides,
			rents,
			deliveries,
			shuttles,
			passengers,
			vehicles,
			fareComponents: fares,
			serviceFees: fees,
		});
	}

	/** Active rules of active fees, in a stable order (by fee, then rule id) for `applyFees`. */
	async feeRules(): Promise<FeeRule[]> {
		const rows = await this.db
			.select({
				feeId: servicesFees.id,
				code: servicesFees.code,
				name: servicesFees.name,
				businessType: servicesFeeRules.businessType,
				paymentMethod: servicesFeeRules.paymentMethod,
				kind: servicesFeeRules.kind,
				value: servicesFeeRules.value,
			})
			.from(servicesFeeRules)
			.innerJoin(servicesFees, eq(servicesFees.id, servicesFeeRules.feeId))
			.where(and(eq(servicesFeeRules.active, true), eq(servicesFees.active, true)))
			.orderBy(asc(servicesFees.id), asc(servicesFeeRules.id));
		return rows.map(({ businessType, paymentMethod, ...rule }) => ({
			...rule,
			...(businessType ? { businessType } : {}),
			...(paymentMethod ? { paymentMethod } : {}),
		}));
	}

	/** The booking's event log in version order. */
	async eventsFor(bookingId: string): Promise<HistoryEvent[]> {
		return this.db
			.select()
			.from(bookingEvents)
			.where(eq(bookingEvents.bookingId, bookingId))
			.orderBy(asc(bookingEvents.version), asc(bookingEvents.createdAt), asc(bookingEvents.id));
	}

	/** The booking's journal entries (webhooks, notifications, operator actions), oldest first. */
	async timelineFor(bookingId: string): Promise<TimelineEntry[]> {
		const rows = await this.db
			.select()
			.from(timelineEntries)
			.where(eq(timelineEntries.bookingId, bookingId))
			.orderBy(asc(timelineEntries.at), asc(timelineEntries.id));
		return rows.map((row) => ({
			at: row.at,
			kind: row.kind as TimelineEntry["kind"],
			summary: row.summary,
			actor: row.actor,
			data: (row.data ?? {}) as Record<string, unknown>,
		}));
	}

	/** Which booking an order item belongs to (item ids are opaque). */
	async bookingIdOfItem(itemId: string): Promise<string | undefined> {
		const [row] = await this.db
			.select({ bookingId: orderItems.bookingId })
			.from(orderItems)
			.where(eq(orderItems.id, itemId))
			.limit(1);
		return row?.bookingId;
	}

	/** Events that failed every retry, newest first. */
	async deadEvents(limit = 100): Promise<DeadEvent[]> {
		return this.db.select().from(deadEvents).orderBy(desc(deadEvents.deadAt)).limit(limit);
	}
}
