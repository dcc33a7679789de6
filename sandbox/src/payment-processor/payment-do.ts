import { DurableObject } from "cloudflare:workers";
import { OneAtATime } from "../../../src/lib/one-at-a-time";
import { parseDuration } from "../lib/duration";
import { DrainWakeup, drainScopedOutbox, redeliverLast } from "../lib/outbox";
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

/** The one PaymentDO instance (getByName) that holds every payment. */
export const PAYMENTS_INSTANCE = "payments";

/**
 * Responsibilities: every payment at the processor (one instance, named PAYMENTS_INSTANCE),
 * each keyed by its payment id, which is derived from the create call's idempotency key, so
 * every retry of a create finds the payment it made: the fingerprint of the request that
 * created it, its status, its refunds (each with its own idempotency key) and the webhook
 * events it emitted, in an outbox scoped by payment id. A state change and its event are
 * written together (no `await` in between); the one alarm confirms every refund whose
 * REFUND_CONFIRM_DELAY has passed, then drains the outbox (in order per payment, retrying with
 * backoff, one payment's failing deliveries holding up no other). The alarm is idempotent and
 * re-arms from the tables, so a restart resumes where it stopped.
 *
 * One instance rather than one per payment: creating a Durable Object costs far more than a
 * call to a live one, and every checkout creates a payment.
 */
export class PaymentDO extends DurableObject<Env> {
	private readonly store: PaymentStore;
	/** Starts the scopes a settle or a due refund makes due in the drain already running. */
	private readonly wakeup = new DrainWakeup();

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
		const { paymentId } = payment;
		const existing = this.store.view(paymentId);
		if (existing) {
			const recorded = this.store.fingerprint(paymentId);
			if (recorded !== null && recorded !== fingerprint) {
				return { ok: false, code: "IDEMPOTENCY_KEY_REUSED", paymentId };
			}
			return { ok: true, created: false, payment: existing };
		}
		this.store.insertPayment(payment);
		this.store.recordFingerprint(paymentId, fingerprint);
		return { ok: true, created: true, payment: this.view(paymentId) };
	}

	read(paymentId: string): PaymentView | null {
		return this.store.view(paymentId);
	}

	voidLink(paymentId: string): VoidResult {
		const payment = this.store.payment(paymentId);
		if (!payment) return notFound;
		const decision = voidable(payment.status);
		if (!decision.ok) return { ok: false, code: decision.code, payment: this.view(paymentId) };
		if (decision.changed) this.store.updateStatus(paymentId, "VOIDED");
		return { ok: true, payment: this.view(paymentId) };
	}

	async settle(paymentId: string, outcome: Outcome, channel: Channel, now: Date): Promise<SettleResult> {
		const payment = this.store.payment(paymentId);
		if (!payment) return notFound;
		const decision = settle(payment, outcome, channel, now);
		if (!decision.ok) return { ok: false, code: decision.code, payment: this.view(paymentId) };
		if (decision.changed) {
			const settled: Payment = { ...payment, status: outcome };
			if (outcome === "PAID") settled.paidAt = now.toISOString();
			this.store.updateStatus(paymentId, outcome, settled.paidAt);
			this.store.appendEvent(
				webhookEvent(newEventId(), outcomeEventType(outcome), settled, now.toISOString()),
				now.getTime(),
			);
			await this.arm();
			// Deliver now rather than when the alarm is dispatched; the alarm stays armed for retries.
			this.ctx.waitUntil(this.alarm());
		}
		return { ok: true, changed: decision.changed, payment: this.view(paymentId) };
	}

	async refund(paymentId: string, key: string, request: CreateRefundBody, now: Date): Promise<RefundResult> {
		const payment = this.store.payment(paymentId);
		if (!payment) return notFound;
		const fingerprint = JSON.stringify({
			amount: request.amount,
			reason: request.reason ?? null,
			...(request.reference === undefined ? {} : { reference: request.reference }),
		});
		const previous = this.store.refundByKey(paymentId, key);
		if (previous) {
			if (previous.fingerprint === fingerprint) return { ok: true, created: false, refund: previous.refund };
			return { ok: false, code: "IDEMPOTENCY_KEY_REUSED", refund: previous.refund };
		}
		const decision = refundable(payment, this.store.refunds(paymentId), request.amount);
		if (!decision.ok) return { ok: false, code: decision.code, payment: this.view(paymentId) };
		const refund: Refund = {
			refundId: newRefundId(),
			paymentId,
			amount: request.amount,
			status: "PENDING",
			createdAt: now.toISOString(),
		};
		if (request.reason !== undefined) refund.reason = request.reason;
		if (request.reference !== undefined) refund.reference = request.reference;
		this.store.insertRefund(refund, key, fingerprint, now.getTime() + this.refundConfirmDelayMs());
		await this.arm();
		return { ok: true, created: true, refund };
	}

	/** Sends the payment's last event again, out of band: same id and body, a fresh signature. */
	async redeliver(paymentId: string): Promise<RedeliverResult> {
		if (!this.store.payment(paymentId)) return notFound;
		const last = this.store.outbox.last(paymentId);
		if (!last) return { ok: false, code: "NO_WEBHOOK_EVENT" };
		return { ok: true, ...(await redeliverLast(last, webhookTarget(this.env))) };
	}

	/** One run at a time: a kicked delivery and the dispatched alarm never drain side by side. */
	private readonly alarms = new OneAtATime();

	async alarm(): Promise<void> {
		if (this.alarms.busy) {
			// What is due now joins the drain under way, rather than waiting for every payment it
			// is delivering to finish; the run after it re-arms.
			this.confirmDueRefunds(new Date());
			this.wakeup.wake();
		}
		return this.alarms.run(() => this.runAlarm());
	}

	private async runAlarm(): Promise<void> {
		this.confirmDueRefunds(new Date());
		await drainScopedOutbox(this.store.outbox, webhookTarget(this.env), this.wakeup);
		await this.arm();
	}

	/** Confirms every payment's due refunds, each in one write with its event. */
	private confirmDueRefunds(now: Date): void {
		const at = now.toISOString();
		for (const refund of this.store.dueRefunds(now.getTime())) {
			const payment = this.store.payment(refund.paymentId);
			// Refunds are made for payments this instance holds, and payments are never deleted.
			if (!payment) throw new Error(`payment-processor: payment ${refund.paymentId} vanished`);
			this.store.succeedRefund(refund.refundId, at);
			const succeeded: Refund = { ...refund, status: "SUCCEEDED", succeededAt: at };
			this.store.appendEvent(
				webhookEvent(newEventId(), "refund.succeeded", payment, at, succeeded),
				now.getTime(),
			);
		}
	}

	/** One alarm for every deadline: the earliest refund confirmation or outbox attempt of any payment. */
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
	private view(paymentId: string): PaymentView {
		const view = this.store.view(paymentId);
		if (!view) throw new Error(`payment-processor: payment ${paymentId} vanished`);
		return view;
	}
}
