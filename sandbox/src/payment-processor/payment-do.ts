import { DurableObject } from "cloudflare:workers";
import { parseDuration } from "../lib/duration";
import { drainOutbox, redeliverLast } from "../lib/outbox";
import { newEventId, newRefundId } from "./ids";
import {
	type Channel,
	type Outcome,
	outcomeEventType,
	type Payment,
	type PaymentView,
	type Refund,
	refundable,
	settle,
	voidable,
	type WebhookEvent,
	webhookEvent,
} from "./payments";
import type { CreateRefundBody } from "./schemas";
import { PaymentStore } from "./store";
import { webhookTarget } from "./webhooks";

type NotFound = { ok: false; code: "PAYMENT_NOT_FOUND" };
const notFound: NotFound = { ok: false, code: "PAYMENT_NOT_FOUND" };

export type CreateResult =
	| { ok: true; created: boolean; payment: PaymentView }
	| { ok: false; code: "IDEMPOTENCY_KEY_REUSED"; paymentId: string };

export type VoidResult =
	| { ok: true; payment: PaymentView }
	| NotFound
	| { ok: false; code: "PAYMENT_ALREADY_PAID"; payment: PaymentView };

export type SettleResult =
	| { ok: true; changed: boolean; payment: PaymentView }
	| NotFound
	| { ok: false; code: "PAYMENT_FINAL" | "LINK_EXPIRED"; payment: PaymentView };

export type RefundResult =
	| { ok: true; created: boolean; refund: Refund }
	| NotFound
	| { ok: false; code: "IDEMPOTENCY_KEY_REUSED"; refund: Refund }
	| { ok: false; code: "PAYMENT_NOT_PAID" | "REFUND_EXCEEDS_PAYMENT"; payment: PaymentView };

export type RedeliverResult =
	| { ok: true; eventId: string; delivered: boolean; status?: number }
	| NotFound
	| { ok: false; code: "NO_WEBHOOK_EVENT" };

/**
 * Responsibilities: one payment at the processor (idFromName(paymentId), the id derived from
 * the create call's idempotency key): the fingerprint of the request that created it, its
 * status, its refunds and the webhook events it emitted. A state change and its event are written
 * together (no `await` in between), then the one alarm drains the outbox in order, retrying
 * with backoff, and confirms refunds once REFUND_CONFIRM_DELAY has passed. The alarm is
 * idempotent and re-arms from the tables, so a restart resumes where it stopped.
 */
export class PaymentDO extends DurableObject<Env> {
	private readonly store: PaymentStore;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.store = new PaymentStore(ctx.storage.sql);
		this.store.migrate();
	}

	/**
	 * Creates the payment, or returns it unchanged when it already exists (a retried create with
	 * the same key and body); the same key with another body is refused.
	 */
	create(payment: Payment, fingerprint: string): CreateResult {
		const existing = this.store.view();
		if (existing) {
			const recorded = this.store.fingerprint();
			if (recorded !== null && recorded !== fingerprint) {
				return { ok: false, code: "IDEMPOTENCY_KEY_REUSED", paymentId: existing.paymentId };
			}
			return { ok: true, created: false, payment: existing };
		}
		this.store.insertPayment(payment);
		this.store.recordFingerprint(fingerprint);
		return { ok: true, created: true, payment: this.view() };
	}

	read(): PaymentView | null {
		return this.store.view();
	}

	voidLink(): VoidResult {
		const payment = this.store.payment();
		if (!payment) return notFound;
		const decision = voidable(payment.status);
		if (!decision.ok) return { ok: false, code: decision.code, payment: this.view() };
		if (decision.changed) this.store.updateStatus("VOIDED");
		return { ok: true, payment: this.view() };
	}

	async settle(outcome: Outcome, channel: Channel, now: Date): Promise<SettleResult> {
		const payment = this.store.payment();
		if (!payment) return notFound;
		const decision = settle(payment, outcome, channel, now);
		if (!decision.ok) return { ok: false, code: decision.code, payment: this.view() };
		if (decision.changed) {
			const settled: Payment = { ...payment, status: outcome };
			if (outcome === "PAID") settled.paidAt = now.toISOString();
			this.store.updateStatus(outcome, settled.paidAt);
			this.enqueue(webhookEvent(newEventId(), outcomeEventType(outcome), settled, now.toISOString()), now);
			await this.arm();
			// Deliver now rather than when the alarm is dispatched; the alarm stays armed for retries.
			this.ctx.waitUntil(this.alarm());
		}
		return { ok: true, changed: decision.changed, payment: this.view() };
	}

	async refund(key: string, request: CreateRefundBody, now: Date): Promise<RefundResult> {
		const payment = this.store.payment();
		if (!payment) return notFound;
		const fingerprint = JSON.stringify({ amount: request.amount, reason: request.reason ?? null });
		const previous = this.store.refundByKey(key);
		if (previous) {
			if (previous.fingerprint === fingerprint) return { ok: true, created: false, refund: previous.refund };
			return { ok: false, code: "IDEMPOTENCY_KEY_REUSED", refund: previous.refund };
		}
		const decision = refundable(payment, this.store.refunds(), request.amount);
		if (!decision.ok) return { ok: false, code: decision.code, payment: this.view() };
		const refund: Refund = {
			refundId: newRefundId(),
			paymentId: payment.paymentId,
			amount: request.amount,
			status: "PENDING",
			createdAt: now.toISOString(),
		};
		if (request.reason !== undefined) refund.reason = request.reason;
		this.store.insertRefund(refund, key, fingerprint, now.getTime() + this.refundConfirmDelayMs());
		await this.arm();
		return { ok: true, created: true, refund };
	}

	/** Sends the last event again, out of band: same id and body, a fresh signature. */
	async redeliver(): Promise<RedeliverResult> {
		if (!this.store.payment()) return notFound;
		const last = this.store.last();
		if (!last) return { ok: false, code: "NO_WEBHOOK_EVENT" };
		return { ok: true, ...(await redeliverLast(last, webhookTarget(this.env))) };
	}

	/** One run at a time: a kicked delivery and the dispatched alarm never drain side by side. */
	private running?: Promise<void>;

	async alarm(): Promise<void> {
		while (this.running) await this.running;
		this.running = this.runAlarm().finally(() => {
			this.running = undefined;
		});
		return this.running;
	}

	private async runAlarm(): Promise<void> {
		this.confirmDueRefunds(new Date());
		await this.drainOutbox();
		await this.arm();
	}

	private confirmDueRefunds(now: Date): void {
		const payment = this.store.payment();
		if (!payment) return;
		const at = now.toISOString();
		for (const refund of this.store.dueRefunds(now.getTime())) {
			this.store.succeedRefund(refund.refundId, at);
			const succeeded: Refund = { ...refund, status: "SUCCEEDED", succeededAt: at };
			this.enqueue(webhookEvent(newEventId(), "refund.succeeded", payment, at, succeeded), now);
		}
	}

	private async drainOutbox(): Promise<void> {
		await drainOutbox(this.store, webhookTarget(this.env));
	}

	private enqueue(event: WebhookEvent, now: Date): void {
		this.store.appendEvent(event, now.getTime());
	}

	/** One alarm for every deadline: the earliest refund confirmation or outbox attempt. */
	private async arm(): Promise<void> {
		const deadline = this.store.nextDeadline();
		if (deadline === null) await this.ctx.storage.deleteAlarm();
		else await this.ctx.storage.setAlarm(deadline);
	}

	private refundConfirmDelayMs(): number {
		const delay = parseDuration(this.env.REFUND_CONFIRM_DELAY ?? "1s");
		if (delay === undefined)
			throw new Error(`REFUND_CONFIRM_DELAY is not a duration: ${this.env.REFUND_CONFIRM_DELAY}`);
		return delay;
	}

	/** The view of a payment this instance is known to hold. */
	private view(): PaymentView {
		const view = this.store.view();
		if (!view) throw new Error("payment-processor: payment row vanished");
		return view;
	}
}
