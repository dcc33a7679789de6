import { DurableObject } from "cloudflare:workers";
import { newEventId } from "../lib/ids";
import { type Delivery, drainOutbox, type RedeliverResult, redeliverLast } from "../lib/outbox";
import { orchestratorTarget, type WebhookTarget } from "../lib/webhooks";
import {
	type Advance,
	advanceTo,
	businessType,
	type CallbackStatus,
	cancelFrom,
	fakeVehicle,
	type PartnerOrder,
	type PartnerType,
	type StatusCallback,
	statusCallback,
} from "./orders";
import type { BookOrderBody } from "./schemas";
import { notesOf, steering } from "./steering";
import { OrderStore } from "./store";

type NotFound = { ok: false; code: "ORDER_NOT_FOUND" };
const notFound: NotFound = { ok: false, code: "ORDER_NOT_FOUND" };
type Unavailable = { ok: false; code: "PARTNER_UNAVAILABLE"; attempt: number; of: number };
type Illegal = { ok: false; code: "ILLEGAL_TRANSITION"; order: PartnerOrder };

export type BookRequest = {
	partnerRef: string;
	type: PartnerType;
	idempotencyKey: string;
	body: BookOrderBody;
	asyncConfirmDelayMs: number;
};

export type BookResult = { ok: true; created: boolean; order: PartnerOrder } | Unavailable;
export type CancelResult = { ok: true; order: PartnerOrder } | NotFound | Unavailable | Illegal;
/** A cancel by idempotency key finds no order when the book call never reached the partner. */
export type CancelByKeyResult = { ok: true; order: PartnerOrder | null } | Unavailable | Illegal;
export type AdvanceResult = { ok: true; order: PartnerOrder } | NotFound | Illegal;

export type OrderView = PartnerOrder & { callbacks: StatusCallback[]; deliveries: Delivery[] };

export function partnerCallbackTarget(env: Env): WebhookTarget {
	return orchestratorTarget(
		env,
		"/v1/callbacks/order-items",
		{ name: "PARTNER_WEBHOOK_SECRET", value: env.PARTNER_WEBHOOK_SECRET },
		"partner-gateway",
	);
}

/**
 * Responsibilities: one order at a partner, named by its partnerRef, which is derived from the
 * book call's idempotency key, so every retry of a book call lands here and finds the order it
 * made. Holds the order, the steering counters of its key (flaky book attempts, failing
 * cancels, a cancel that came before the booking) and its status callbacks. A status change and
 * its callback are written together; the one alarm settles async confirmations and drains the
 * callback outbox in order with backoff, and re-arms from the tables after a restart.
 */
export class PartnerOrderDO extends DurableObject<Env> {
	private readonly store: OrderStore;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.store = new OrderStore(ctx.storage.sql);
	}

	/** Books the order, or returns the one this key already made, whatever happened to it since. */
	async book(request: BookRequest, now: Date): Promise<BookResult> {
		this.store.migrate();
		const existing = this.store.order();
		if (existing) return { ok: true, created: false, order: existing };
		const { body } = request;
		const steer = steering(notesOf(body.details));
		const counters = this.store.counters();
		const at = now.toISOString();
		const order: PartnerOrder = {
			partnerRef: request.partnerRef,
			businessType: businessType(request.type),
			bookingId: body.bookingId,
			itemId: body.itemId,
			fleetId: body.fleetId,
			quantity: body.quantity,
			status: "BOOKED",
			details: body.details,
			createdAt: at,
			updatedAt: at,
		};
		if (body.passenger) order.passenger = body.passenger;
		// The caller gave up on this key and cancelled it before the call arrived: book nothing.
		if (counters.canceledBeforeBooking) order.status = "CANCELED";
		else if (counters.bookFailures < steer.flaky) {
			this.store.countBookFailure();
			return { ok: false, code: "PARTNER_UNAVAILABLE", attempt: counters.bookFailures + 1, of: steer.flaky };
		} else if (steer.reject) order.status = "REJECTED";
		else if (steer.async) order.status = "PENDING";
		const confirmation =
			order.status === "PENDING"
				? {
						at: now.getTime() + request.asyncConfirmDelayMs,
						outcome: steer.async === "REJECT" ? ("REJECTED" as const) : ("BOOKED" as const),
					}
				: undefined;
		this.store.insertOrder(order, request.idempotencyKey, confirmation);
		if (confirmation) await this.arm();
		return { ok: true, created: true, order };
	}

	async cancel(now: Date): Promise<CancelResult> {
		const order = this.store.order();
		if (!order) return notFound;
		const counters = this.store.counters();
		const failures = steering(notesOf(order.details)).cancelFails;
		if (counters.cancelFailures < failures) {
			this.store.countCancelFailure();
			return { ok: false, code: "PARTNER_UNAVAILABLE", attempt: counters.cancelFailures + 1, of: failures };
		}
		const decision = cancelFrom(order.status);
		if (!decision.ok) return { ok: false, code: decision.code, order };
		if (!decision.changed) return { ok: true, order };
		const at = now.toISOString();
		this.store.updateStatus(decision.to, at);
		// A PENDING order loses its confirmation deadline; the alarm follows the tables.
		await this.arm();
		return { ok: true, order: { ...order, status: decision.to, updatedAt: at } };
	}

	/**
	 * Cancels whatever this key booked. With no order yet the key is marked, so a book call
	 * that is still on its way is answered with a CANCELED order and books nothing.
	 */
	async cancelByKey(now: Date): Promise<CancelByKeyResult> {
		this.store.migrate();
		if (!this.store.order()) {
			this.store.markCanceledBeforeBooking();
			return { ok: true, order: null };
		}
		const result = await this.cancel(now);
		if (!result.ok && result.code === "ORDER_NOT_FOUND") return { ok: true, order: null };
		return result;
	}

	async advance(advance: Advance, now: Date): Promise<AdvanceResult> {
		const order = this.store.order();
		if (!order) return notFound;
		const to = advanceTo(order.status, advance);
		if (!to) return { ok: false, code: "ILLEGAL_TRANSITION", order };
		const at = now.toISOString();
		const moved: PartnerOrder = { ...order, status: to, updatedAt: at };
		if (advance === "DRIVER_ASSIGNED") moved.vehicle = fakeVehicle(order.partnerRef, order.businessType);
		this.store.updateStatus(to, at, moved.vehicle);
		this.enqueue(moved, advance, now);
		await this.arm();
		return { ok: true, order: moved };
	}

	read(): PartnerOrder | null {
		return this.store.order();
	}

	view(): OrderView | null {
		const order = this.store.order();
		if (!order) return null;
		const { outbox } = this.store;
		return { ...order, callbacks: outbox.events<StatusCallback>(), deliveries: outbox.deliveries() };
	}

	/** Sends the last callback again, out of band: same id and body, a fresh signature. */
	async redeliver(): Promise<
		({ ok: true } & RedeliverResult) | NotFound | { ok: false; code: "NO_WEBHOOK_EVENT" }
	> {
		if (!this.store.order()) return notFound;
		const last = this.store.outbox.last();
		if (!last) return { ok: false, code: "NO_WEBHOOK_EVENT" };
		return { ok: true, ...(await redeliverLast(last, partnerCallbackTarget(this.env))) };
	}

	async alarm(): Promise<void> {
		this.settleDueConfirmation(new Date());
		await drainOutbox(this.store.outbox, partnerCallbackTarget(this.env));
		await this.arm();
	}

	private settleDueConfirmation(now: Date): void {
		const due = this.store.dueConfirmation(now.getTime());
		const order = this.store.order();
		if (!due || !order) return;
		const at = now.toISOString();
		this.store.updateStatus(due.outcome, at);
		this.enqueue(
			{ ...order, status: due.outcome, updatedAt: at },
			due.outcome === "BOOKED" ? "CONFIRMED" : "REJECTED",
			now,
		);
	}

	private enqueue(order: PartnerOrder, status: CallbackStatus, now: Date): void {
		const callback = statusCallback(newEventId(), order, status, now.toISOString());
		this.store.outbox.append(callback.id, JSON.stringify(callback), now.getTime());
	}

	/** One alarm for every deadline: the async confirmation or the outbox head's next attempt. */
	private async arm(): Promise<void> {
		const deadline = this.store.nextDeadline();
		if (deadline === null) await this.ctx.storage.deleteAlarm();
		else await this.ctx.storage.setAlarm(deadline);
	}
}
