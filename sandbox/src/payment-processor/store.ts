import { Outbox } from "../lib/outbox";
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
 * The SQLite tables of one PaymentDO and the mapping between rows and domain records.
 * Every method is synchronous, so a DO method that calls several of them without an `await`
 * in between writes them as one transaction.
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
		paid_at TEXT
	)`,
	// The fingerprint of the create request that made the payment: a retry with the same key and
	// another body is refused.
	`CREATE TABLE IF NOT EXISTS claim (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		fingerprint TEXT NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS refunds (
		refund_id TEXT PRIMARY KEY,
		payment_id TEXT NOT NULL,
		idempotency_key TEXT NOT NULL UNIQUE,
		fingerprint TEXT NOT NULL,
		amount INTEGER NOT NULL,
		reason TEXT,
		status TEXT NOT NULL,
		created_at TEXT NOT NULL,
		confirm_at INTEGER NOT NULL,
		succeeded_at TEXT
	)`,
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
	if (row.succeeded_at !== null) refund.succeededAt = row.succeeded_at;
	return refund;
}

/** The payment, its refunds and, through Outbox, the webhook events it owes the orchestrator. */
export class PaymentStore extends Outbox {
	override migrate(): void {
		for (const statement of SCHEMA) this.sql.exec(statement);
		super.migrate();
	}

	payment(): Payment | null {
		const row = this.sql.exec<PaymentRow>("SELECT * FROM payment LIMIT 1").toArray()[0];
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
		return payment;
	}

	/** The fingerprint of the request that created the payment, if it was recorded. */
	fingerprint(): string | null {
		const row = this.sql
			.exec<{ fingerprint: string }>("SELECT fingerprint FROM claim WHERE id = 1")
			.toArray()[0];
		return row?.fingerprint ?? null;
	}

	recordFingerprint(fingerprint: string): void {
		this.sql.exec("INSERT OR REPLACE INTO claim (id, fingerprint) VALUES (1, ?)", fingerprint);
	}

	insertPayment(p: Payment): void {
		this.sql.exec(
			`INSERT INTO payment (payment_id, reference, amount, currency, method, description, status, url,
				expires_at, created_at, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
		);
	}

	updateStatus(status: PaymentStatus, paidAt?: string): void {
		this.sql.exec("UPDATE payment SET status = ?, paid_at = COALESCE(?, paid_at)", status, paidAt ?? null);
	}

	refunds(): Refund[] {
		const rows = this.sql.exec<RefundRow>("SELECT * FROM refunds ORDER BY rowid").toArray();
		return rows.map(toRefund);
	}

	refundByKey(key: string): { refund: Refund; fingerprint: string } | null {
		const row = this.sql.exec<RefundRow>("SELECT * FROM refunds WHERE idempotency_key = ?", key).toArray()[0];
		return row ? { refund: toRefund(row), fingerprint: row.fingerprint } : null;
	}

	insertRefund(refund: Refund, key: string, fingerprint: string, confirmAt: number): void {
		this.sql.exec(
			`INSERT INTO refunds (refund_id, payment_id, idempotency_key, fingerprint, amount, reason, status,
				created_at, confirm_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			refund.refundId,
			refund.paymentId,
			key,
			fingerprint,
			refund.amount,
			refund.reason ?? null,
			refund.status,
			refund.createdAt,
			confirmAt,
		);
	}

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

	appendEvent(event: WebhookEvent, dueAt: number): void {
		this.append(event.id, JSON.stringify(event), dueAt);
	}

	/** The earliest thing the alarm has to do: confirm a refund or attempt the outbox head. */
	nextDeadline(): number | null {
		const refund = this.sql
			.exec<{ at: number | null }>("SELECT MIN(confirm_at) AS at FROM refunds WHERE status = 'PENDING'")
			.one().at;
		const head = this.outboxHead()?.nextAttemptAt ?? null;
		if (refund === null) return head;
		return head === null ? refund : Math.min(refund, head);
	}

	view(): PaymentView | null {
		const payment = this.payment();
		if (!payment) return null;
		return {
			...payment,
			refunds: this.refunds(),
			events: this.events<WebhookEvent>(),
			deliveries: this.deliveries(),
		};
	}
}
