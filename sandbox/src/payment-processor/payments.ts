import type { Delivery } from "../lib/outbox";

export type { Delivery, DeliveryState } from "../lib/outbox";

/**
 * The payment processor's rules, free of Workers APIs: what each outcome, void and refund does
 * to a payment, what a webhook event says, and how often a failed delivery is retried.
 */

export const PAYMENT_METHODS = [
	"CREDIT_CARD",
	"LINKAJA",
	"DANA",
	"ISAKU",
	"GOPAY",
	"SHOPEEPAY",
	"OVO",
	"ECV",
	"NICEPAY",
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type PaymentStatus = "PENDING" | "PAID" | "FAILED" | "CANCELED" | "VOIDED";
export const OUTCOMES = ["PAID", "FAILED", "CANCELED"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Money is integer IDR. */
export type Payment = {
	paymentId: string;
	reference: string;
	amount: number;
	currency: "IDR";
	method: PaymentMethod;
	description?: string;
	/** The shop's page the payment page links back to. */
	returnUrl?: string;
	status: PaymentStatus;
	url: string;
	expiresAt: string;
	createdAt: string;
	paidAt?: string;
};

export type RefundStatus = "PENDING" | "SUCCEEDED";
export type Refund = {
	refundId: string;
	paymentId: string;
	amount: number;
	status: RefundStatus;
	reason?: string;
	/** The caller's own name for the refund, echoed in its webhook. */
	reference?: string;
	createdAt: string;
	succeededAt?: string;
};

export type WebhookEventType = "payment.paid" | "payment.failed" | "payment.canceled" | "refund.succeeded";
export type WebhookEvent = {
	id: string;
	type: WebhookEventType;
	createdAt: string;
	data: {
		paymentId: string;
		reference: string;
		amount: number;
		currency: "IDR";
		method: PaymentMethod;
		status: PaymentStatus;
		paidAt?: string;
		refund?: { refundId: string; amount: number; status: RefundStatus; reference?: string };
	};
};

/** A payment as the processor holds it, with every refund and every webhook event. */
export type PaymentView = Payment & { refunds: Refund[]; events: WebhookEvent[]; deliveries: Delivery[] };

/** Who asks for an outcome: the test control surface, or the customer on the payment page. */
export type Channel = "control" | "link";

export type Settlement =
	| { ok: true; changed: boolean }
	| { ok: false; code: "PAYMENT_FINAL" | "LINK_EXPIRED" };

const FINAL: readonly PaymentStatus[] = ["PAID", "FAILED", "CANCELED"];

export function isFinal(status: PaymentStatus): boolean {
	return FINAL.includes(status);
}

/** A link works while its payment is PENDING and unexpired; VOIDED or expired, it is dead. */
export function linkExpired(payment: Payment, now: Date): boolean {
	if (payment.status === "VOIDED") return true;
	return payment.status === "PENDING" && Date.parse(payment.expiresAt) <= now.getTime();
}

/**
 * What an outcome does, by the payment's status:
 *
 *   status \ outcome | PAID      FAILED    CANCELED
 *   PENDING          | PAID      FAILED    CANCELED
 *   VOIDED           | PAID      FAILED    CANCELED   (control only: the customer's link is dead)
 *   PAID             | no-op     FINAL     FINAL
 *   FAILED           | FINAL     no-op     FINAL
 *   CANCELED         | FINAL     FINAL     no-op
 *
 * An expired PENDING payment is still PENDING: only the link refuses it, so a customer who
 * pays in the last second can be reproduced through the control surface.
 */
export function settle(payment: Payment, outcome: Outcome, channel: Channel, now: Date): Settlement {
	if (isFinal(payment.status)) {
		return payment.status === outcome ? { ok: true, changed: false } : { ok: false, code: "PAYMENT_FINAL" };
	}
	if (channel === "link" && linkExpired(payment, now)) return { ok: false, code: "LINK_EXPIRED" };
	return { ok: true, changed: true };
}

/** Voiding kills the link. It is idempotent, and a no-op on FAILED or CANCELED; PAID refuses. */
export function voidable(
	status: PaymentStatus,
): { ok: true; changed: boolean } | { ok: false; code: "PAYMENT_ALREADY_PAID" } {
	if (status === "PAID") return { ok: false, code: "PAYMENT_ALREADY_PAID" };
	return { ok: true, changed: status === "PENDING" };
}

/** Only a PAID payment is refunded, and never beyond its amount (pending refunds count). */
export function refundable(
	payment: Payment,
	refunds: readonly Refund[],
	amount: number,
): { ok: true } | { ok: false; code: "PAYMENT_NOT_PAID" | "REFUND_EXCEEDS_PAYMENT" } {
	if (payment.status !== "PAID") return { ok: false, code: "PAYMENT_NOT_PAID" };
	if (refundedAmount(refunds) + amount > payment.amount) return { ok: false, code: "REFUND_EXCEEDS_PAYMENT" };
	return { ok: true };
}

export function refundedAmount(refunds: readonly Refund[]): number {
	return refunds.reduce((sum, refund) => sum + refund.amount, 0);
}

const OUTCOME_EVENTS: Record<Outcome, WebhookEventType> = {
	PAID: "payment.paid",
	FAILED: "payment.failed",
	CANCELED: "payment.canceled",
};

export function outcomeEventType(outcome: Outcome): WebhookEventType {
	return OUTCOME_EVENTS[outcome];
}

/** The event as it is signed and sent; `refund` only on refund events. */
export function webhookEvent(
	id: string,
	type: WebhookEventType,
	payment: Payment,
	createdAt: string,
	refund?: Refund,
): WebhookEvent {
	const { paymentId, reference, amount, currency, method, status, paidAt } = payment;
	const data: WebhookEvent["data"] = { paymentId, reference, amount, currency, method, status };
	if (paidAt) data.paidAt = paidAt;
	if (refund) {
		data.refund = { refundId: refund.refundId, amount: refund.amount, status: refund.status };
		if (refund.reference !== undefined) data.refund.reference = refund.reference;
	}
	return { id, type, createdAt, data };
}
