import type { Json } from "../lib/json";
import { Outbox } from "../lib/outbox";
import type { BusinessType, OrderStatus, PartnerOrder, Passenger, Vehicle } from "./orders";

/**
 * The SQLite tables of one PartnerOrderDO: the order, the per-key counters steering needs
 * (failed book attempts, failed cancels, a cancel that came before any booking) and the
 * callback outbox. Every method is synchronous, so a DO method that calls several of them
 * without an `await` in between writes them as one transaction.
 */
const SCHEMA = [
	`CREATE TABLE IF NOT EXISTS partner_order (
		partner_ref TEXT PRIMARY KEY,
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
	`CREATE TABLE IF NOT EXISTS counters (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		book_failures INTEGER NOT NULL DEFAULT 0,
		cancel_failures INTEGER NOT NULL DEFAULT 0,
		canceled_before_booking INTEGER NOT NULL DEFAULT 0
	)`,
	"INSERT OR IGNORE INTO counters (id) VALUES (1)",
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
};

export type Counters = { bookFailures: number; cancelFailures: number; canceledBeforeBooking: boolean };

/** The async outcome an order is waiting for, and when it is due. */
export type PendingConfirmation = { at: number; outcome: "BOOKED" | "REJECTED" };

export class OrderStore {
	readonly outbox: Outbox;

	constructor(private readonly sql: SqlStorage) {
		this.outbox = new Outbox(sql);
	}

	/** Whether anything was ever written: reads of a never-used instance must leave no storage behind. */
	exists(): boolean {
		return (
			this.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'counters'").toArray()
				.length > 0
		);
	}

	migrate(): void {
		for (const statement of SCHEMA) this.sql.exec(statement);
		this.outbox.migrate();
	}

	order(): PartnerOrder | null {
		if (!this.exists()) return null;
		const row = this.sql.exec<OrderRow>("SELECT * FROM partner_order LIMIT 1").toArray()[0];
		if (!row) return null;
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

	insertOrder(order: PartnerOrder, key: string, confirmation?: PendingConfirmation): void {
		this.sql.exec(
			`INSERT INTO partner_order (partner_ref, business_type, idempotency_key, booking_id, item_id, fleet_id,
				quantity, details, passenger, status, created_at, updated_at, confirm_at, confirm_outcome)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
	updateStatus(status: OrderStatus, at: string, vehicle?: Vehicle): void {
		this.sql.exec(
			`UPDATE partner_order SET status = ?, updated_at = ?, vehicle = COALESCE(?, vehicle),
				confirm_at = NULL, confirm_outcome = NULL`,
			status,
			at,
			vehicle ? JSON.stringify(vehicle) : null,
		);
	}

	/** The async confirmation that is due by `nowMs`, if the order is still waiting for one. */
	dueConfirmation(nowMs: number): PendingConfirmation | null {
		const row = this.sql
			.exec<{ confirm_at: number; confirm_outcome: string }>(
				`SELECT confirm_at, confirm_outcome FROM partner_order
					WHERE status = 'PENDING' AND confirm_at IS NOT NULL AND confirm_at <= ?`,
				nowMs,
			)
			.toArray()[0];
		return row
			? { at: row.confirm_at, outcome: row.confirm_outcome as PendingConfirmation["outcome"] }
			: null;
	}

	counters(): Counters {
		const row = this.sql
			.exec<{ book_failures: number; cancel_failures: number; canceled_before_booking: number }>(
				"SELECT * FROM counters WHERE id = 1",
			)
			.one();
		return {
			bookFailures: row.book_failures,
			cancelFailures: row.cancel_failures,
			canceledBeforeBooking: row.canceled_before_booking === 1,
		};
	}

	countBookFailure(): void {
		this.sql.exec("UPDATE counters SET book_failures = book_failures + 1 WHERE id = 1");
	}

	countCancelFailure(): void {
		this.sql.exec("UPDATE counters SET cancel_failures = cancel_failures + 1 WHERE id = 1");
	}

	markCanceledBeforeBooking(): void {
		this.sql.exec("UPDATE counters SET canceled_before_booking = 1 WHERE id = 1");
	}

	/** The earliest thing the alarm has to do: an async confirmation or the outbox head's attempt. */
	nextDeadline(): number | null {
		if (!this.exists()) return null;
		const confirm = this.sql
			.exec<{ at: number | null }>(
				"SELECT MIN(confirm_at) AS at FROM partner_order WHERE status = 'PENDING' AND confirm_at IS NOT NULL",
			)
			.one().at;
		const head = this.outbox.outboxHead()?.nextAttemptAt ?? null;
		if (confirm === null) return head;
		return head === null ? confirm : Math.min(confirm, head);
	}
}
