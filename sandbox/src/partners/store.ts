import type { Json } from "../lib/json";
import { ScopedOutbox } from "../lib/outbox";
import {
	type BusinessType,
	type OrderStatus,
	type OrderSummary,
	type PartnerOrder,
	type Passenger,
	summarise,
	type Vehicle,
} from "./orders";

/**
 * The SQLite tables of one partner type's PartnerOrderDO: its orders (one row per partnerRef,
 * indexed by booking), the per-key counters steering needs (failed book attempts, failed
 * cancels, a cancel that came before any booking), which exist before any order does, and the
 * callback outbox, scoped by partnerRef. Every method is synchronous, so a DO method that calls
 * several of them without an `await` in between writes them as one transaction.
 */
const SCHEMA = [
	`CREATE TABLE IF NOT EXISTS partner_order (
		partner_ref TEXT PRIMARY KEY,
		list_seq INTEGER NOT NULL,
		business_type TEXT NOT NULL,
		idempotency_key TEXT NOT NULL,
		booking_id TEXT NOT NULL,
		item_id TEXT NOT NULL,
		fleet_id TEXT NOT NULL,
		quantity INTEGER NOT NULL,
		details TEXT NOT NULL,
		passenger TEXT,
		vehicle TEXT,
		status TEXT NOT NULL,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		confirm_at INTEGER,
		confirm_outcome TEXT
	)`,
	"CREATE INDEX IF NOT EXISTS partner_order_booking ON partner_order (booking_id, list_seq)",
	"CREATE INDEX IF NOT EXISTS partner_order_confirm ON partner_order (confirm_at) WHERE confirm_at IS NOT NULL",
	// list_seq: where the key's order goes in its booking's list, taken by the first book call
	// with the key (as a booking index would list it then), so an order booked on a retry keeps
	// its place.
	`CREATE TABLE IF NOT EXISTS counters (
		partner_ref TEXT PRIMARY KEY,
		book_failures INTEGER NOT NULL DEFAULT 0,
		cancel_failures INTEGER NOT NULL DEFAULT 0,
		canceled_before_booking INTEGER NOT NULL DEFAULT 0,
		list_seq INTEGER
	)`,
	"CREATE INDEX IF NOT EXISTS counters_list_seq ON counters (list_seq)",
];

type OrderRow = {
	partner_ref: string;
	business_type: string;
	booking_id: string;
	item_id: string;
	fleet_id: string;
	quantity: number;
	details: string;
	passenger: string | null;
	vehicle: string | null;
	status: string;
	created_at: string;
	updated_at: string;
	confirm_outcome: string | null;
};

export type Counters = { bookFailures: number; cancelFailures: number; canceledBeforeBooking: boolean };
const NO_COUNTS: Counters = { bookFailures: 0, cancelFailures: 0, canceledBeforeBooking: false };

/** The async outcome an order is waiting for, and when it is due. */
export type PendingConfirmation = { at: number; outcome: "BOOKED" | "REJECTED" };

/** An order whose async confirmation is due, and the outcome it gets. */
export type DueConfirmation = { order: PartnerOrder; outcome: PendingConfirmation["outcome"] };

function orderOf(row: OrderRow): PartnerOrder {
	const order: PartnerOrder = {
		partnerRef: row.partner_ref,
		businessType: row.business_type as BusinessType,
		bookingId: row.booking_id,
		itemId: row.item_id,
		fleetId: row.fleet_id,
		quantity: row.quantity,
		status: row.status as OrderStatus,
		details: JSON.parse(row.details) as Record<string, Json>,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
	if (row.passenger !== null) order.passenger = JSON.parse(row.passenger) as Passenger;
	if (row.vehicle !== null) order.vehicle = JSON.parse(row.vehicle) as Vehicle;
	return order;
}

export class OrderStore {
	readonly outbox: ScopedOutbox;

	constructor(private readonly sql: SqlStorage) {
		this.outbox = new ScopedOutbox(sql);
	}

	migrate(): void {
		for (const statement of SCHEMA) this.sql.exec(statement);
		this.outbox.migrate();
	}

	order(partnerRef: string): PartnerOrder | null {
		const row = this.sql
			.exec<OrderRow>("SELECT * FROM partner_order WHERE partner_ref = ?", partnerRef)
			.toArray()[0];
		return row ? orderOf(row) : null;
	}

	/** A booking's orders, in the order their first book calls came in. */
	ordersOf(bookingId: string): OrderSummary[] {
		return this.sql
			.exec<OrderRow>("SELECT * FROM partner_order WHERE booking_id = ? ORDER BY list_seq", bookingId)
			.toArray()
			.map((row) => summarise(orderOf(row)));
	}

	/** Gives the key its place in booking lists on its first book call; later calls keep it. */
	claimListing(partnerRef: string): void {
		this.sql.exec(
			`INSERT INTO counters (partner_ref, list_seq)
				VALUES (?, (SELECT COALESCE(MAX(list_seq), 0) + 1 FROM counters))
				ON CONFLICT (partner_ref) DO UPDATE SET list_seq = COALESCE(list_seq, excluded.list_seq)`,
			partnerRef,
		);
	}

	/** Call after claimListing: the order takes the place its key claimed. */
	insertOrder(order: PartnerOrder, key: string, confirmation?: PendingConfirmation): void {
		this.sql.exec(
			`INSERT INTO partner_order (partner_ref, list_seq, business_type, idempotency_key, booking_id, item_id,
				fleet_id, quantity, details, passenger, status, created_at, updated_at, confirm_at, confirm_outcome)
				VALUES (?, (SELECT list_seq FROM counters WHERE partner_ref = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			order.partnerRef,
			order.partnerRef,
			order.businessType,
			key,
			order.bookingId,
			order.itemId,
			order.fleetId,
			order.quantity,
			JSON.stringify(order.details),
			order.passenger ? JSON.stringify(order.passenger) : null,
			order.status,
			order.createdAt,
			order.updatedAt,
			confirmation?.at ?? null,
			confirmation?.outcome ?? null,
		);
	}

	/** Moves the order; any pending async confirmation is dropped (it is settled, or moot). */
	updateStatus(partnerRef: string, status: OrderStatus, at: string, vehicle?: Vehicle): void {
		this.sql.exec(
			`UPDATE partner_order SET status = ?, updated_at = ?, vehicle = COALESCE(?, vehicle),
				confirm_at = NULL, confirm_outcome = NULL WHERE partner_ref = ?`,
			status,
			at,
			vehicle ? JSON.stringify(vehicle) : null,
			partnerRef,
		);
	}

	/** Every order still waiting for an async confirmation that is due by `nowMs`, earliest first. */
	dueConfirmations(nowMs: number): DueConfirmation[] {
		return this.sql
			.exec<OrderRow>(
				`SELECT * FROM partner_order
					WHERE confirm_at IS NOT NULL AND confirm_at <= ? AND status = 'PENDING'
					ORDER BY confirm_at, list_seq`,
				nowMs,
			)
			.toArray()
			.map((row) => ({
				order: orderOf(row),
				outcome: row.confirm_outcome as PendingConfirmation["outcome"],
			}));
	}

	/** The key's counters; all zero for a key never seen. */
	counters(partnerRef: string): Counters {
		const row = this.sql
			.exec<{ book_failures: number; cancel_failures: number; canceled_before_booking: number }>(
				"SELECT book_failures, cancel_failures, canceled_before_booking FROM counters WHERE partner_ref = ?",
				partnerRef,
			)
			.toArray()[0];
		if (!row) return NO_COUNTS;
		return {
			bookFailures: row.book_failures,
			cancelFailures: row.cancel_failures,
			canceledBeforeBooking: row.canceled_before_booking === 1,
		};
	}

	countBookFailure(partnerRef: string): void {
		this.sql.exec(
			`INSERT INTO counters (partner_ref, book_failures) VALUES (?, 1)
				ON CONFLICT (partner_ref) DO UPDATE SET book_failures = book_failures + 1`,
			partnerRef,
		);
	}

	countCancelFailure(partnerRef: string): void {
		this.sql.exec(
			`INSERT INTO counters (partner_ref, cancel_failures) VALUES (?, 1)
				ON CONFLICT (partner_ref) DO UPDATE SET cancel_failures = cancel_failures + 1`,
			partnerRef,
		);
	}

	markCanceledBeforeBooking(partnerRef: string): void {
		this.sql.exec(
			`INSERT INTO counters (partner_ref, canceled_before_booking) VALUES (?, 1)
				ON CONFLICT (partner_ref) DO UPDATE SET canceled_before_booking = 1`,
			partnerRef,
		);
	}

	/** The earliest thing the alarm has to do: any order's async confirmation or outbox attempt. */
	nextDeadline(): number | null {
		const confirm =
			this.sql
				.exec<{ confirm_at: number }>(
					`SELECT confirm_at FROM partner_order WHERE confirm_at IS NOT NULL AND status = 'PENDING'
						ORDER BY confirm_at LIMIT 1`,
				)
				.toArray()[0]?.confirm_at ?? null;
		const head = this.outbox.nextAttemptAt();
		if (confirm === null) return head;
		return head === null ? confirm : Math.min(confirm, head);
	}
}
