import { DurableObject } from "cloudflare:workers";
import { newEventId } from "../lib/ids";
import { type Delivery, drainScopedOutbox, type RedeliverResult, redeliverLast } from "../lib/outbox";
import { orchestratorTarget, type WebhookTarget } from "../lib/webhooks";
import {
	type Advance,
	advanceTo,
	type BusinessType,
	businessType,
	type CallbackStatus,
	cancelFrom,
	fakeVehicle,
	type OrderSummary,
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

/** Where a partner's status callbacks go, signed with that partner's own secret. */
export function partnerCallbackTarget(env: Env, type: BusinessType): WebhookTarget {
	const name = `${type}_PARTNER_WEBHOOK_SECRET` as const;
	return orchestratorTarget(
		env,
		"/v1/callbacks/order-items",
		{ name, value: env[name] },
		`partner-gateway-${type.toLowerCase()}`,
	);
}

/**
 * Responsibilities: every order one partner type holds (named by the type: `taxi`, `rent`,
 * `delivery`, `shuttle`), each keyed by its partnerRef, which is derived from the book call's
 * idempotency key, so every retry of a book call finds the order it made. Holds the orders
 * (indexed by booking, so the partner can list a booking's orders), the steering counters of
 * each key (flaky book attempts, failing cancels, a cancel that came before the booking), which
 * exist before its order does, and the status callbacks, in an outbox scoped by partnerRef. A
 * status change and its callback are written together; the one alarm settles every due async
 * confirmation, then drains the outbox (in order per order, one order's failing deliveries
 * holding up no other), and re-arms from the tables after a restart.
 *
 * One instance per type rather than per order: creating a Durable Object costs far more than
 * a call to a live one, and a saga books many items at once.
 */
export class PartnerOrderDO extends DurableObject<Env> {
	private readonly store: OrderStore;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.store = new OrderStore(ctx.storage.sql);
		this.store.migrate();
	}

	/** Books the order, or returns the one this key already made, whatever happened to it since. */
	async book(request: BookRequest, now: Date): Promise<BookResult> {
		const { partnerRef, body } = request;
		const existing = this.store.order(partnerRef);
		if (existing) return { ok: true, created: false, order: existing };
		// Listed before it is booked: the order keeps the place of its key's first book call.
		this.store.claimListing(partnerRef);
		const steer = steering(notesOf(body.details));
		const counters = this.store.counters(partnerRef);
		const at = now.toISOString();
		const order: PartnerOrder = {
			partnerRef,
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
			this.store.countBookFailure(partnerRef);
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

	async cancel(partnerRef: string, now: Date): Promise<CancelResult> {
		const order = this.store.order(partnerRef);
		if (!order) return notFound;
		const counters = this.store.counters(partnerRef);
		const failures = steering(notesOf(order.details)).cancelFails;
		if (counters.cancelFailures < failures) {
			this.store.countCancelFailure(partnerRef);
			return { ok: false, code: "PARTNER_UNAVAILABLE", attempt: counters.cancelFailures + 1, of: failures };
		}
		const decision = cancelFrom(order.status);
		if (!decision.ok) return { ok: false, code: decision.code, order };
		if (!decision.changed) return { ok: true, order };
		const at = now.toISOString();
		this.store.updateStatus(partnerRef, decision.to, at);
		// A PENDING order loses its confirmation deadline; the alarm follows the tables.
		await this.arm();
		return { ok: true, order: { ...order, status: decision.to, updatedAt: at } };
	}

	/**
	 * Cancels whatever this key booked. With no order yet the key is marked, so a book call
	 * that is still on its way is answered with a CANCELED order and books nothing.
	 */
	async cancelByKey(partnerRef: string, now: Date): Promise<CancelByKeyResult> {
		if (!this.store.order(partnerRef)) {
			this.store.markCanceledBeforeBooking(partnerRef);
			return { ok: true, order: null };
		}
		const result = await this.cancel(partnerRef, now);
		if (!result.ok && result.code === "ORDER_NOT_FOUND") return { ok: true, order: null };
		return result;
	}

	async advance(partnerRef: string, advance: Advance, now: Date): Promise<AdvanceResult> {
		const order = this.store.order(partnerRef);
		if (!order) return notFound;
		const to = advanceTo(order.status, advance);
		if (!to) return { ok: false, code: "ILLEGAL_TRANSITION", order };
		const at = now.toISOString();
		const moved: PartnerOrder = { ...order, status: to, updatedAt: at };
		if (advance === "DRIVER_ASSIGNED") moved.vehicle = fakeVehicle(order.partnerRef, order.businessType);
		this.store.updateStatus(partnerRef, to, at, moved.vehicle);
		this.enqueue(moved, advance, now);
		await this.arm();
		return { ok: true, order: moved };
	}

	/** A booking's orders at this partner, in the order their book calls first came in. */
	ordersOf(bookingId: string): OrderSummary[] {
		return this.store.ordersOf(bookingId);
	}

	/** The order with its own callbacks and their deliveries. */
	view(partnerRef: string): OrderView | null {
		const order = this.store.order(partnerRef);
		if (!order) return null;
		const { outbox } = this.store;
		return {
			...order,
			callbacks: outbox.events<StatusCallback>(partnerRef),
			deliveries: outbox.deliveries(partnerRef),
		};
	}

	/** Sends the order's last callback again, out of band: same id and body, a fresh signature. */
	async redeliver(
		partnerRef: string,
	): Promise<({ ok: true } & RedeliverResult) | NotFound | { ok: false; code: "NO_WEBHOOK_EVENT" }> {
		if (!this.store.order(partnerRef)) return notFound;
		const last = this.store.outbox.last(partnerRef);
		if (!last) return { ok: false, code: "NO_WEBHOOK_EVENT" };
		const { businessType: type } = this.store.order(partnerRef) as PartnerOrder;
		return { ok: true, ...(await redeliverLast(last, partnerCallbackTarget(this.env, type))) };
	}

	async alarm(): Promise<void> {
		this.settleDueConfirmations(new Date());
		// A scope is one order (its partnerRef); its partner type picks the secret that signs.
		await drainScopedOutbox(this.store.outbox, (partnerRef) =>
			partnerCallbackTarget(this.env, this.store.order(partnerRef)?.businessType ?? "TAXI"),
		);
		await this.arm();
	}

	/** Settles every async confirmation that is due, in one write with its callbacks. */
	private settleDueConfirmations(now: Date): void {
		const at = now.toISOString();
		for (const { order, outcome } of this.store.dueConfirmations(now.getTime())) {
			this.store.updateStatus(order.partnerRef, outcome, at);
			this.enqueue(
				{ ...order, status: outcome, updatedAt: at },
				outcome === "BOOKED" ? "CONFIRMED" : "REJECTED",
				now,
			);
		}
	}

	private enqueue(order: PartnerOrder, status: CallbackStatus, now: Date): void {
		const callback = statusCallback(newEventId(), order, status, now.toISOString());
		this.store.outbox.append(callback.id, JSON.stringify(callback), now.getTime(), order.partnerRef);
	}

	/** One alarm for every deadline: the earliest async confirmation or outbox attempt of any order. */
	private async arm(): Promise<void> {
		const deadline = this.store.nextDeadline();
		if (deadline === null) await this.ctx.storage.deleteAlarm();
		else await this.ctx.storage.setAlarm(deadline);
	}
}
