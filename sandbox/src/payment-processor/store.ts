import { ScopedOutbox } from "../lib/outbox";
import type {
	Payment,
	PaymentMethod,
	PaymentStatus,
	PaymentView,
	Refund,
	RefundStatus,
	WebhookEvent,
} from "./payments";

/**
 * The SQLite tables of the one PaymentDO that holds every payment, and the mapping between rows
 * and domain records: the payments (one row per payment_id), the fingerprint of the create
 * request that made each, their refunds (indexed by payment, and by confirmation time while
 * PENDING) and the webhook events, in an outbox scoped by payment_id. Every method is
 * synchronous, so a DO method that calls several of them without an `await` in between writes
 * them as one transaction.
 */
const SCHEMA = [
	`CREATE TABLE IF NOT EXISTS payment (
		payment_id TEXT PRIMARY KEY,
		reference TEXT NOT NULL,
		amount INTEGER NOT NULL,
		currency TEXT NOT NULL,
		method TEXT NOT NULL,
		description TEXT,
		status TEXT NOT NULL,
		url TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		created_at TEXT NOT NULL,
		paid_at TEXT,
		return_url TEXT
	)`,
	// The fingerprint of the create request that made each payment: a retry with the same key
	// (so the same payment id) and another body is refused.
	`CREATE TABLE IF NOT EXISTS claim (
		payment_id TEXT PRIMARY KEY,
		fingerprint TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS refunds (
		refund_id TEXT PRIMARY KEY,
		payment_id TEXT NOT NULL,
		idempotency_key TEXT NOT NULL,
		fingerprint TEXT NOT NULL,
		amount INTEGER NOT NULL,
		reason TEXT,
		status TEXT NOT NULL,
		created_at TEXT NOT NULL,
		confirm_at INTEGER NOT NULL,
		succeeded_at TEXT,
		reference TEXT
	)`,
	// A refund's idempotency key is its payment's own (another payment may use the same key);
	// the index also serves reading a payment's refunds.
	"CREATE UNIQUE INDEX IF NOT EXISTS refunds_key ON refunds (payment_id, idempotency_key)",
	"CREATE INDEX IF NOT EXISTS refunds_due ON refunds (confirm_at) WHERE status = 'PENDING'",
];

type PaymentRow = {
	payment_id: string;
	reference: string;
	amount: number;
	currency: string;
	method: string;
	description: string | null;
	status: string;
	url: string;
	expires_at: string;
	created_at: string;
	paid_at: string | null;
	return_url: string | null;
};

type RefundRow = {
	refund_id: string;
	payment_id: string;
	fingerprint: string;
	amount: number;
	reason: string | null;
	status: string;
	created_at: string;
	succeeded_at: string | null;
	reference: string | null;
};

function toRefund(row: RefundRow): Refund {
	const refund: Refund = {
		refundId: row.refund_id,
		paymentId: row.payment_id,
		amount: row.amount,
		status: row.status as RefundStatus,
		createdAt: row.created_at,
	};
	if (row.reason !== null) refund.reason = row.reason;
	if (row.reference !== null) refund.reference = row.reference;
	if (row.succeeded_at !== null) refund.succeededAt = row.succeeded_at;
	return refund;
}

/** Every payment, its refunds and, in the scoped outbox, the webhook events it owes the orchestrator. */
export class PaymentStore {
	readonly outbox: ScopedOutbox;

	constructor(private readonly sql: SqlStorage) {
		this.outbox = new ScopedOutbox(sql);
	}

	migrate(): void {
		for (const statement of SCHEMA) this.sql.exec(statement);
		// Refunds made before the caller's reference was kept have none.
		const columns = this.sql.exec<{ name: string }>("PRAGMA table_info(refunds)").toArray();
		if (!columns.some((column) => column.name === "reference"))
			this.sql.exec("ALTER TABLE refunds ADD COLUMN reference TEXT");
		// Payments made before return links were kept have none.
		const paymentColumns = this.sql.exec<{ name: string }>("PRAGMA table_info(payment)").toArray();
		if (!paymentColumns.some((column) => column.name === "return_url"))
			this.sql.exec("ALTER TABLE payment ADD COLUMN return_url TEXT");
		this.outbox.migrate();
	}

	payment(paymentId: string): Payment | null {
		const row = this.sql
			.exec<PaymentRow>("SELECT * FROM payment WHERE payment_id = ?", paymentId)
			.toArray()[0];
		if (!row) return null;
		const payment: Payment = {
			paymentId: row.payment_id,
			reference: row.reference,
			amount: row.amount,
			currency: "IDR",
			method: row.method as PaymentMethod,
			status: row.status as PaymentStatus,
			url: row.url,
			expiresAt: row.expires_at,
			createdAt: row.created_at,
		};
		if (row.description !== null) payment.description = row.description;
		if (row.paid_at !== null) payment.paidAt = row.paid_at;
		if (row.return_url !== null) payment.returnUrl = row.return_url;
		return payment;
	}

	/** The fingerprint of the request that created the payment, if it was recorded. */
	fingerprint(paymentId: string): string | null {
		const row = this.sql
			.exec<{ fingerprint: string }>("SELECT fingerprint FROM claim WHERE payment_id = ?", paymentId)
			.toArray()[0];
		return row?.fingerprint ?? null;
	}

	recordFingerprint(paymentId: string, fingerprint: string): void {
		this.sql.exec(
			"INSERT OR REPLACE INTO claim (payment_id, fingerprint) VALUES (?, ?)",
			paymentId,
			fingerprint,
		);
	}

	insertPayment(p: Payment): void {
		this.sql.exec(
			`INSERT INTO payment (payment_id, reference, amount, currency, method, description, status, url,
				expires_at, created_at, paid_at, return_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.paymentId,
			p.reference,
			p.amount,
			p.currency,
			p.method,
			p.description ?? null,
			p.status,
			p.url,
			p.expiresAt,
			p.createdAt,
			p.paidAt ?? null,
			p.returnUrl ?? null,
		);
	}

	updateStatus(paymentId: string, status: PaymentStatus, paidAt?: string): void {
		this.sql.exec(
			"UPDATE payment SET status = ?, paid_at = COALESCE(?, paid_at) WHERE payment_id = ?",
			status,
			paidAt ?? null,
			paymentId,
		);
	}

	/** The payment's refunds, in the order they were made. */
	refunds(paymentId: string): Refund[] {
		const rows = this.sql
			.exec<RefundRow>("SELECT * FROM refunds WHERE payment_id = ? ORDER BY rowid", paymentId)
			.toArray();
		return rows.map(toRefund);
	}

	refundByKey(paymentId: string, key: string): { refund: Refund; fingerprint: string } | null {
		const row = this.sql
			.exec<RefundRow>("SELECT * FROM refunds WHERE payment_id = ? AND idempotency_key = ?", paymentId, key)
			.toArray()[0];
		return row ? { refund: toRefund(row), fingerprint: row.fingerprint } : null;
	}

	insertRefund(refund: Refund, key: string, fingerprint: string, confirmAt: number): void {
		this.sql.exec(
			`INSERT INTO refunds (refund_id, payment_id, idempotency_key, fingerprint, amount, reason, status,
				created_at, confirm_at, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			refund.refundId,
			refund.paymentId,
			key,
			fingerprint,
			refund.amount,
			refund.reason ?? null,
			refund.status,
			refund.createdAt,
			confirmAt,
			refund.reference ?? null,
		);
	}

	/** Every payment's PENDING refunds that are due by `nowMs`, earliest first. */
	dueRefunds(nowMs: number): Refund[] {
		const rows = this.sql
			.exec<RefundRow>(
				"SELECT * FROM refunds WHERE status = 'PENDING' AND confirm_at <= ? ORDER BY confirm_at, rowid",
				nowMs,
			)
			.toArray();
		return rows.map(toRefund);
	}

	succeedRefund(refundId: string, succeededAt: string): void {
		this.sql.exec(
			"UPDATE refunds SET status = 'SUCCEEDED', succeeded_at = ? WHERE refund_id = ?",
			succeededAt,
			refundId,
		);
	}

	/** Queues the event in its payment's scope of the outbox. */
	appendEvent(event: WebhookEvent, dueAt: number): void {
		this.outbox.append(event.id, JSON.stringify(event), dueAt, event.data.paymentId);
	}

	/** The earliest thing the alarm has to do: confirm any refund, or attempt any payment's outbox head. */
	nextDeadline(): number | null {
		const refund = this.sql
			.exec<{ at: number | null }>("SELECT MIN(confirm_at) AS at FROM refunds WHERE status = 'PENDING'")
			.one().at;
		const head = this.outbox.nextAttemptAt();
		if (refund === null) return head;
		return head === null ? refund : Math.min(refund, head);
	}

	/** The payment with its own refunds, events and deliveries. */
	view(paymentId: string): PaymentView | null {
		const payment = this.payment(paymentId);
		if (!payment) return null;
		return {
			...payment,
			refunds: this.refunds(paymentId),
			events: this.outbox.events<WebhookEvent>(paymentId),
			deliveries: this.outbox.deliveries(paymentId),
		};
	}
}
