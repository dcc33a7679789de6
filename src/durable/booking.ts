/**
 * BookingDO — one per booking.
 * Responsibilities:
 * - owns the booking and payment state machines: every change is a pure transition from
 *   domain/ applied by `update` to the booking as stored when it commits;
 * - creation (booking-creation.ts): limits, then a payment link or cash settled at once;
 * - payment webhooks: dedupes by event id (inbox), checks the payment and amount, never moves
 *   backwards; a PAID after cancel or expiry is recorded and refunded;
 * - partner callbacks and the saga's progress move the items (domain/item-flow.ts);
 * - one alarm over a table of deadlines: payment expiry, a stuck creation, outbox retries.
 * Every change is written with its effects (history row, events, commands) in one storage step
 * (booking-outbox.ts); the alarm drains them with backoff until every effect is delivered.
 */
import { type BookingState, bookingView, type CheckoutInput } from "../domain/booking";
import {
	cancelUnpaid,
	checkoutFailed,
	paid,
	receiptReady,
	receiptRequested,
	sagaFailed,
} from "../domain/booking-flow";
import {
	type PartnerUpdate,
	partnerUpdated,
	partnerUpdateMismatch,
	type SagaItemProgress,
	sagaProgressed,
} from "../domain/item-flow";
import { applyPaymentEvent, type PaymentEvent, paymentEventMismatch } from "../domain/payment-events";
import type { Effect, Transition } from "../domain/transition";
import { type Clock, systemClock } from "../lib/clock";
import { configOf } from "../lib/config";
import { info } from "../lib/log";
import { OneAtATime } from "../lib/one-at-a-time";
import { currentTrace, resumedTrace, withTrace } from "../lib/trace";
import { paymentProcessor } from "../partners";
import type { SagaProgress } from "../saga/booking-saga";
import { type CreateOutcome, runCreation } from "./booking-creation";
import { outboxDeliveries } from "./booking-effects";
import { BookingOutbox } from "./booking-outbox";
import {
	type BookingInspection,
	type CancelOutcome,
	type EventOutcome,
	type ItemOutcome,
	type ReadOutcome,
	type ReceiptOutcome,
	summary,
} from "./booking-outcomes";
import { BookingStore } from "./booking-store";
import {
	type ActionAnswer,
	type ActionOutcome,
	type ActionRequest,
	runAction,
	type StoredAction,
} from "./operator-actions";
import { TracedObject } from "./traced";

export type { PaymentEvent } from "../domain/payment-events";
export type { CreateOutcome } from "./booking-creation";
export type {
	BookingInspection,
	CancelOutcome,
	EventOutcome,
	ItemOutcome,
	ReadOutcome,
	ReceiptOutcome,
} from "./booking-outcomes";
export { StaleWriteError } from "./booking-store";

/** The header the worker names a live socket's viewer in (only the worker reaches this object). */
export const LIVE_OWNER_HEADER = "x-booking-owner";
const liveMessage = (booking: BookingState) =>
	JSON.stringify({ type: "booking", booking: bookingView(booking) });

/** Set once the whole snapshot is in the history: later projections write only what changes. */
const HISTORY_BASE = "history-base";
/** The trace of the request that created the booking: deadline work (expiry) continues it. */
const ORIGIN_TRACE = "origin-trace";
const inboxKey = (eventId: string) => `inbox:${eventId}`;
const actionKey = (key: string) => `action:${key}`;

/** A `booking.transition` line when the booking's or its payment's status moves (ids only). */
function transitioned(before: BookingState, after: BookingState, effects: readonly Effect[]): void {
	if (before.status === after.status && before.payment.status === after.payment.status) return;
	info("booking.transition", {
		bookingId: after.id,
		version: after.version,
		from: before.status,
		to: after.status,
		paymentFrom: before.payment.status,
		paymentTo: after.payment.status,
		events: effects.flatMap((effect) => (effect.kind === "event" ? [effect.type] : [])),
	});
}

export class BookingDO extends TracedObject {
	clock: Clock = systemClock;
	private creating?: Promise<CreateOutcome>;
	private readonly outbox = new BookingOutbox(this.ctx.storage.kv, () => this.clock.now());
	private readonly store = new BookingStore(this.ctx.storage.kv, this.outbox, (state) =>
		this.broadcast(state),
	);
	/** Operator actions under way, by Idempotency-Key (a concurrent repeat joins its run). */
	private readonly actions = new Map<
		string,
		Promise<
			| { ok: true; hash: string; outcome: ActionOutcome & { ok: true } }
			| { ok: false; outcome: ActionOutcome & { ok: false } }
		>
	>();
	/** The alarm may be called while a drain this object started itself is under way. */
	private readonly alarms = new OneAtATime();

	async create(input: CheckoutInput): Promise<CreateOutcome> {
		// Concurrent retries of one checkout wait for the creation already under way.
		if (this.creating) return this.creating;
		const existing = this.load();
		if (existing && !(existing.status === "CREATED" && existing.payment.status === "REQUEST_PAYMENT_LINK")) {
			return { ok: true, booking: bookingView(existing) };
		}
		// New, or interrupted mid-way (process restarted): every step is idempotent.
		const trace = currentTrace();
		if (trace && !existing) this.ctx.storage.kv.put(ORIGIN_TRACE, trace);
		const host = {
			env: this.env,
			now: () => this.clock.now(),
			put: (state: BookingState, effects: Effect[]) => {
				const before = this.load();
				this.store.put(state, effects);
				if (before) transitioned(before, state, effects);
				else
					info("booking.transition", {
						bookingId: state.id,
						version: state.version,
						from: null,
						to: state.status,
						paymentFrom: null,
						paymentTo: state.payment.status,
					});
			},
			update: (decide: (current: BookingState) => Transition) => this.update(decide),
			schedule: (options?: { holdOutbox?: boolean }) => this.schedule(options),
		};
		this.creating = runCreation(host, input, existing).finally(() => {
			this.creating = undefined;
		});
		return this.creating;
	}

	async read(ownerId: string): Promise<ReadOutcome> {
		const booking = this.load();
		if (!booking || booking.ownerId !== ownerId) return { ok: false, code: "BOOKING_NOT_FOUND" };
		return { ok: true, booking: bookingView(booking) };
	}

	/** One order item with its whole timeline, for the detail routes. */
	async item(ownerId: string, itemId: string): Promise<ItemOutcome> {
		const booking = this.load();
		const item = booking?.items.find((i) => i.id === itemId);
		if (!booking || booking.ownerId !== ownerId || !item) return { ok: false };
		return { ok: true, bookingId: booking.id, bookingStatus: booking.status, item };
	}

	async cancel(ownerId: string): Promise<CancelOutcome> {
		const booking = this.load();
		if (!booking || booking.ownerId !== ownerId) return { ok: false, code: "BOOKING_NOT_FOUND" };
		if (booking.status === "CANCELED") return { ok: true, booking: bookingView(booking) };
		const result = await this.update((current) =>
			cancelUnpaid(current, "CANCELED_BY_CUSTOMER", this.clock.now()),
		);
		if (!result.changed) return { ok: false, code: "BOOKING_NOT_CANCELABLE", booking: bookingView(booking) };
		return { ok: true, booking: bookingView(result.state) };
	}

	async paymentEvent(event: PaymentEvent): Promise<EventOutcome> {
		const booking = this.load();
		if (!booking)
			return { ok: false, code: "BOOKING_NOT_FOUND", detail: `No booking ${event.data.reference}.` };
		const said = (result: "applied" | "unchanged" | "duplicate" | "rejected", reason?: string) =>
			info("payment.event", {
				bookingId: booking.id,
				eventId: event.id,
				type: event.type,
				result,
				...(reason ? { reason } : {}),
			});
		if (this.ctx.storage.kv.get(inboxKey(event.id)) !== undefined) {
			said("duplicate");
			return summary(booking, false, true);
		}
		const mismatch = paymentEventMismatch(booking, event);
		if (mismatch) {
			said("rejected", mismatch.code);
			return { ok: false, ...mismatch };
		}
		const now = this.clock.now();
		// The inbox record is written with the change, so a redelivery can never apply twice.
		this.ctx.storage.kv.put(inboxKey(event.id), { type: event.type, at: now });
		const result = await this.update((current) => applyPaymentEvent(current, event, now));
		said(result.changed ? "applied" : "unchanged");
		return summary(result.state, result.changed, false);
	}

	/**
	 * A partner's status callback (driver assigned, picked up, completed, canceled). It must be
	 * about the partner order the item was booked as: the same partner and partner reference.
	 */
	async partnerEvent(eventId: string, update: PartnerUpdate): Promise<EventOutcome> {
		const booking = this.load();
		if (!booking) return { ok: false, code: "BOOKING_NOT_FOUND", detail: "No such booking." };
		const item = booking.items.find((i) => i.id === update.itemId);
		if (!item) {
			return {
				ok: false,
				code: "ITEM_NOT_FOUND",
				detail: `Booking ${booking.id} has no item ${update.itemId}.`,
			};
		}
		const mismatch = partnerUpdateMismatch(item, update);
		if (mismatch) return { ok: false, code: "CALLBACK_MISMATCH", detail: mismatch };
		if (this.ctx.storage.kv.get(inboxKey(eventId)) !== undefined) return summary(booking, false, true);
		this.ctx.storage.kv.put(inboxKey(eventId), { type: update.status, at: this.clock.now() });
		const result = await this.update((current) => partnerUpdated(current, update, this.clock.now()));
		return summary(result.state, result.changed, false);
	}

	/** The document generator accepted the receipt request of a completed booking. Idempotent. */
	async receiptRequested(documentId: string): Promise<boolean> {
		if (!this.load()) return false;
		await this.update((current) => receiptRequested(current, documentId, this.clock.now()));
		return true;
	}

	/** The document generator rendered the receipt: only the document this booking asked for. */
	async receiptReady(documentId: string, url: string): Promise<ReceiptOutcome> {
		const booking = this.load();
		if (!booking) return { ok: false, code: "BOOKING_NOT_FOUND", detail: "No such booking." };
		if (booking.receipt?.documentId === documentId) return { ok: true };
		if (booking.receiptRequest?.documentId !== documentId) {
			return {
				ok: false,
				code: "RECEIPT_NOT_REQUESTED",
				detail: `Booking ${booking.id} asked for no document ${documentId}.`,
			};
		}
		await this.update((current) => receiptReady(current, documentId, url, this.clock.now()));
		return { ok: true };
	}

	/** The saga reports item progress (latest state; repeats are harmless). */
	async sagaProgress(progress: SagaProgress): Promise<void> {
		await this.update((current) =>
			sagaProgressed(current, progress.items, progress.needsAttention, this.clock.now()),
		);
	}

	/** The saga's final compensation: every booked item was cancelled; fail and refund. */
	async sagaCompensated(reason: string, items: SagaItemProgress[] = []): Promise<void> {
		if (!this.load()) throw new Error("saga compensated for a booking that does not exist");
		await this.update((current) => sagaFailed(current, reason, this.clock.now(), items));
	}

	/**
	 * An operator's action (durable/operator-actions.ts). The key is bound to the request before
	 * anything runs; a replay answers the first answer and runs nothing; concurrent repeats join
	 * the run under way. A refusal stores nothing, so the same key may be used once it is allowed.
	 */
	async operatorAction(request: ActionRequest): Promise<ActionOutcome> {
		const booking = this.load();
		if (!booking) return { ok: false, code: "BOOKING_NOT_FOUND" };
		const kv = this.ctx.storage.kv;
		const stored = kv.get<StoredAction>(actionKey(request.key));
		if (stored) {
			if (stored.hash !== request.hash) return { ok: false, code: "IDEMPOTENCY_KEY_REUSED" };
			return { ok: true, answer: stored.answer, summary: stored.summary, replay: true };
		}
		const running = this.actions.get(request.key);
		if (running) {
			const outcome = await running;
			if (outcome.ok && outcome.hash !== request.hash) return { ok: false, code: "IDEMPOTENCY_KEY_REUSED" };
			return outcome.ok ? { ...outcome.outcome, replay: true } : outcome.outcome;
		}
		const run = (async () => {
			const actionId = `act_${request.hash.slice(0, 24)}`;
			const done = await runAction(this.env, booking, request, actionId, {
				load: () => this.load(),
				update: (decide) => this.update(decide),
				now: () => this.clock.now(),
			});
			if (!done.ok) {
				return {
					ok: false as const,
					outcome: {
						ok: false as const,
						code: done.code ?? ("ACTION_NOT_ALLOWED" as const),
						detail: done.why,
					},
				};
			}
			const answer: ActionAnswer = {
				actionId,
				action: request.action,
				bookingId: booking.id,
				result: "applied",
			};
			kv.put(actionKey(request.key), {
				hash: request.hash,
				answer,
				summary: done.summary,
			} satisfies StoredAction);
			return {
				ok: true as const,
				hash: request.hash,
				outcome: { ok: true as const, answer, summary: done.summary, replay: false },
			};
		})();
		this.actions.set(request.key, run);
		try {
			return (await run).outcome;
		} finally {
			this.actions.delete(request.key);
		}
	}

	/**
	 * A guest's live view (WatchOrderWeb): the worker checked the access token and names the
	 * owner in LIVE_OWNER_HEADER. The socket is accepted with the hibernation API, tagged with the
	 * owner, sent the view now and after every write; "ping" is answered without waking the object.
	 */
	override async fetch(request: Request): Promise<Response> {
		const owner = request.headers.get(LIVE_OWNER_HEADER);
		const booking = this.load();
		if (!owner || !booking || booking.ownerId !== owner || request.headers.get("upgrade") !== "websocket")
			return new Response(null, { status: 404 });
		const { 0: client, 1: server } = new WebSocketPair();
		this.ctx.acceptWebSocket(server, [owner]);
		this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
		server.send(liveMessage(booking));
		return new Response(null, { status: 101, webSocket: client });
	}

	override async webSocketMessage(): Promise<void> {
		// Viewers only listen; anything but the auto-answered ping is ignored.
	}

	override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
		try {
			ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
		} catch {
			// Already closed.
		}
	}

	private broadcast(state: BookingState): void {
		const sockets = this.ctx.getWebSockets(state.ownerId);
		if (sockets.length === 0) return;
		const message = liveMessage(state);
		for (const ws of sockets) {
			try {
				ws.send(message);
			} catch {
				// A socket that is closing misses this one; its page polls meanwhile.
			}
		}
	}

	/** Everything the object holds, for the internal endpoint and tests. */
	async inspect(): Promise<BookingInspection> {
		return {
			booking: this.load(),
			outbox: this.outbox.entries(),
			inbox: [...this.ctx.storage.kv.list({ prefix: "inbox:" })].map(([key]) => key.slice(6)),
			alarm: await this.ctx.storage.getAlarm(),
		};
	}

	override async alarm(): Promise<void> {
		// Started by update() inside a trace; dispatched by the runtime, in the booking's own.
		const stored = currentTrace() ? undefined : resumedTrace(this.ctx.storage.kv.get(ORIGIN_TRACE), "alarm");
		return withTrace(stored, () => this.alarms.run(() => this.runAlarm()));
	}

	private async runAlarm(): Promise<void> {
		const booking = this.load();
		if (!booking) return;
		const now = this.clock.now();
		const { payment } = booking;
		const config = configOf(this.env);
		if (
			booking.status === "CREATED" &&
			payment.status === "WAITING_FOR_PAYMENT" &&
			payment.expiresAt &&
			now >= Date.parse(payment.expiresAt)
		) {
			await this.expirePayment(booking);
		} else if (
			booking.status === "CREATED" &&
			payment.status === "REQUEST_PAYMENT_LINK" &&
			now >= Date.parse(booking.createdAt) + config.creationTimeoutMs
		) {
			await this.update((current) => checkoutFailed(current, "CHECKOUT_TIMEOUT", now, true));
		}
		await this.drain();
		await this.schedule();
	}

	/** At the deadline, ask the processor first: a payment made in the last second is honoured. */
	private async expirePayment(booking: BookingState): Promise<void> {
		const found = booking.payment.paymentId
			? await paymentProcessor(this.env).payment(booking.payment.paymentId)
			: undefined;
		if (found && !found.ok) {
			// The processor cannot be asked right now; try again shortly rather than guess.
			this.outbox.retryIn(configOf(this.env).expiryRecheckMs);
			return;
		}
		const now = this.clock.now();
		// Decided on the state as it is now: a webhook may have settled it during the call.
		await this.update((current) =>
			found?.value.status === "PAID"
				? paid(current, new Date(now).toISOString(), now)
				: cancelUnpaid(current, "PAYMENT_EXPIRED", now),
		);
	}

	private load(): BookingState | undefined {
		return this.store.load();
	}

	/**
	 * The only way the booking changes: `decide` runs on the booking as stored at this moment, and
	 * its result is written in the same synchronous step, so a transition can never be built on a
	 * state read before an await (input gates open during outside I/O, and a webhook, a partner
	 * callback or another outbox lane may have moved the booking meanwhile).
	 */
	private async update(decide: (current: BookingState) => Transition): Promise<Transition> {
		const current = this.load();
		if (!current) throw new Error("update of a booking that does not exist");
		const result = decide(current);
		if (!result.changed) return result;
		this.store.put(result.state, result.effects);
		transitioned(current, result.state, result.effects);
		this.outbox.clearRetry();
		// The alarm is armed (it retries what fails, and survives a restart), but the effects
		// start draining now, without waiting for the alarm to be dispatched.
		await this.schedule();
		this.ctx.waitUntil(this.alarm());
		return result;
	}

	/** One alarm for every deadline: the outbox's next attempt, payment expiry, a stuck creation. */
	private async schedule({ holdOutbox = false } = {}): Promise<void> {
		const booking = this.load();
		const deadlines: number[] = [];
		const retry = this.outbox.retryAt();
		if ((!holdOutbox && this.outbox.hasPending()) || retry !== undefined)
			deadlines.push(retry ?? this.clock.now());
		if (booking?.status === "CREATED") {
			if (booking.payment.status === "WAITING_FOR_PAYMENT" && booking.payment.expiresAt)
				deadlines.push(Date.parse(booking.payment.expiresAt));
			if (booking.payment.status === "REQUEST_PAYMENT_LINK")
				deadlines.push(Date.parse(booking.createdAt) + configOf(this.env).creationTimeoutMs);
		}
		if (deadlines.length === 0) await this.ctx.storage.deleteAlarm();
		else await this.ctx.storage.setAlarm(Math.min(...deadlines));
	}

	private async drain(): Promise<void> {
		const kv = this.ctx.storage.kv;
		await this.outbox.drain(
			outboxDeliveries(this.env, {
				apply: (decide) => this.update(decide).then(() => undefined),
				now: () => this.clock.now(),
				historyBase: {
					written: () => kv.get(HISTORY_BASE) === true,
					markWritten: () => kv.put(HISTORY_BASE, true),
				},
			}),
		);
	}
}
