/**
 * BookingDO — one per booking.
 * Responsibilities:
 * - owns the booking and payment state machines (transitions are pure, in domain/booking-flow);
 * - creation: reserves the customer's payment limits, asks the processor for a link (or settles
 *   cash at once), and cancels cleanly when either fails;
 * - payment webhooks: dedupes by event id (inbox), checks the amount, never moves backwards;
 *   a PAID after cancel/expiry is recorded and refunded;
 * - one alarm over a table of deadlines: payment expiry, a stuck creation, outbox retries.
 * Every change is written with its effects (history row, event, commands) as an outbox in one
 * storage step; the alarm drains the outbox with backoff until every effect is delivered.
 */
import { DurableObject } from "cloudflare:workers";
import {
	type BookingState,
	type BookingView,
	bookingView,
	type CheckoutInput,
	newBooking,
	type OrderItem,
} from "../domain/booking";
import * as flow from "../domain/booking-flow";
import { jakartaDay } from "../domain/limits";
import { STRATEGIES } from "../domain/payment-methods";
import { type Clock, systemClock } from "../lib/clock";
import { configOf } from "../lib/config";
import { ApiError } from "../lib/errors";
import { paymentProcessor } from "../partners";
import type { SagaProgress } from "../saga/booking-saga";
import { deliver, publishEvents } from "./booking-effects";
import { type OutboxEntry, retryDelayMs } from "./booking-outbox";

const BOOKING = "booking";
const OUTBOX = "outbox:";
const SEQ = "outbox-seq";
const RETRY = "outbox-retry";
/** Set once the whole snapshot is in the history: later projections write only what changes. */
const HISTORY_BASE = "history-base";
const inboxKey = (eventId: string) => `inbox:${eventId}`;
/** A creation that has not finished by then (process died mid-way) is canceled by the alarm. */
export const CREATION_TIMEOUT_MS = 60_000;

export type CreateOutcome =
	| { ok: true; booking: BookingView }
	| {
			ok: false;
			code: "PAYMENT_METHOD_LIMIT" | "CARD_DAILY_BUDGET_EXCEEDED" | "PAYMENT_LINK_UNAVAILABLE";
			booking: BookingView;
			detail: string;
	  };

export interface PaymentEvent {
	id: string;
	type: "payment.paid" | "payment.failed" | "payment.canceled" | "refund.succeeded";
	data: {
		paymentId: string;
		reference: string;
		amount: number;
		paidAt?: string;
		refund?: { refundId: string; amount: number; reference?: string };
	};
}

export type EventOutcome =
	| { ok: true; duplicate: boolean; changed: boolean; status: string; paymentStatus: string }
	| {
			ok: false;
			code:
				| "BOOKING_NOT_FOUND"
				| "AMOUNT_MISMATCH"
				| "PAYMENT_MISMATCH"
				| "ITEM_NOT_FOUND"
				| "CALLBACK_MISMATCH";
			detail: string;
	  };

export type ReceiptOutcome =
	| { ok: true }
	| { ok: false; code: "BOOKING_NOT_FOUND" | "RECEIPT_NOT_REQUESTED"; detail: string };

export type ReadOutcome = { ok: true; booking: BookingView } | { ok: false; code: "BOOKING_NOT_FOUND" };
export type CancelOutcome = ReadOutcome | { ok: false; code: "BOOKING_NOT_CANCELABLE"; booking: BookingView };

export class BookingDO extends DurableObject<Env> {
	clock: Clock = systemClock;
	private creating?: Promise<CreateOutcome>;

	async create(input: CheckoutInput): Promise<CreateOutcome> {
		// Concurrent retries of one checkout wait for the creation already under way.
		if (this.creating) return this.creating;
		const existing = this.load();
		if (existing && !(existing.status === "CREATED" && existing.payment.status === "REQUEST_PAYMENT_LINK")) {
			return { ok: true, booking: bookingView(existing) };
		}
		// New, or interrupted mid-way (process restarted): every step below is idempotent.
		this.creating = this.runCreation(input, existing).finally(() => {
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
	async item(
		ownerId: string,
		itemId: string,
	): Promise<{ ok: true; bookingId: string; bookingStatus: string; item: OrderItem } | { ok: false }> {
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
			flow.cancelUnpaid(current, "CANCELED_BY_CUSTOMER", this.clock.now()),
		);
		if (!result.changed) return { ok: false, code: "BOOKING_NOT_CANCELABLE", booking: bookingView(booking) };
		return { ok: true, booking: bookingView(result.state) };
	}

	async paymentEvent(event: PaymentEvent): Promise<EventOutcome> {
		const booking = this.load();
		if (!booking)
			return { ok: false, code: "BOOKING_NOT_FOUND", detail: `No booking ${event.data.reference}.` };
		const seen = this.ctx.storage.kv.get(inboxKey(event.id)) !== undefined;
		const summary = (b: BookingState, changed: boolean, duplicate: boolean) =>
			({ ok: true, duplicate, changed, status: b.status, paymentStatus: b.payment.status }) as const;
		if (seen) return summary(booking, false, true);
		const { payment } = booking;
		if (payment.paymentId && payment.paymentId !== event.data.paymentId) {
			return {
				ok: false,
				code: "PAYMENT_MISMATCH",
				detail: `Payment ${event.data.paymentId} does not belong to booking ${booking.id}.`,
			};
		}
		if (event.data.amount !== payment.amount) {
			return {
				ok: false,
				code: "AMOUNT_MISMATCH",
				detail: `The event's amount ${event.data.amount} is not the booking's ${payment.amount}.`,
			};
		}
		const now = this.clock.now();
		// The inbox record is written with the change, so a redelivery can never apply twice.
		this.ctx.storage.kv.put(inboxKey(event.id), { type: event.type, at: now });
		const result = await this.update((current) => applyPaymentEvent(current, event, now));
		return summary(result.state, result.changed, false);
	}

	/**
	 * A partner's status callback (driver assigned, picked up, completed, canceled). It must be
	 * about the partner order the item was booked as: the same partner and partner reference.
	 */
	async partnerEvent(eventId: string, update: flow.PartnerUpdate): Promise<EventOutcome> {
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
		if (item.businessType !== update.businessType || item.partnerRef !== update.partnerRef) {
			return {
				ok: false,
				code: "CALLBACK_MISMATCH",
				detail:
					item.businessType !== update.businessType
						? `Item ${item.id} is a ${item.businessType} item, not ${update.businessType}.`
						: `Item ${item.id} is not booked as partner order ${update.partnerRef}.`,
			};
		}
		const summary = (b: BookingState, changed: boolean, duplicate: boolean) =>
			({ ok: true, duplicate, changed, status: b.status, paymentStatus: b.payment.status }) as const;
		if (this.ctx.storage.kv.get(inboxKey(eventId)) !== undefined) return summary(booking, false, true);
		this.ctx.storage.kv.put(inboxKey(eventId), { type: update.status, at: this.clock.now() });
		const result = await this.update((current) => flow.partnerUpdated(current, update, this.clock.now()));
		return summary(result.state, result.changed, false);
	}

	/** The document generator accepted the receipt request of a completed booking. Idempotent. */
	async receiptRequested(documentId: string): Promise<boolean> {
		if (!this.load()) return false;
		await this.update((current) => flow.receiptRequested(current, documentId, this.clock.now()));
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
		await this.update((current) => flow.receiptReady(current, documentId, url, this.clock.now()));
		return { ok: true };
	}

	/** The saga reports item progress (latest state; repeats are harmless). */
	async sagaProgress(progress: SagaProgress): Promise<void> {
		await this.update((current) =>
			flow.sagaProgressed(current, progress.items, progress.needsAttention, this.clock.now()),
		);
	}

	/** The saga's final compensation: every booked item was cancelled; fail and refund. */
	async sagaCompensated(reason: string, items: SagaProgress["items"] = []): Promise<void> {
		if (!this.load()) throw new Error("saga compensated for a booking that does not exist");
		await this.update((current) =>
			flow.sagaFailed(
				current,
				reason,
				STRATEGIES[current.payment.method].refundable,
				this.clock.now(),
				items,
			),
		);
	}

	/** Everything the object holds, for the internal endpoint and tests. */
	async inspect(): Promise<{
		booking?: BookingState;
		outbox: OutboxEntry[];
		inbox: string[];
		alarm: number | null;
	}> {
		const kv = this.ctx.storage.kv;
		return {
			booking: this.load(),
			outbox: [...kv.list<OutboxEntry>({ prefix: OUTBOX })].map(([, entry]) => entry),
			inbox: [...kv.list({ prefix: "inbox:" })].map(([key]) => key.slice(6)),
			alarm: await this.ctx.storage.getAlarm(),
		};
	}

	/**
	 * One run at a time in this instance: a test harness (or a retried alarm) may call in while a
	 * run awaits a partner, and a step found IN_FLIGHT must mean a crash, never a sibling run.
	 */
	private running?: Promise<void>;

	override async alarm(): Promise<void> {
		while (this.running) await this.running;
		this.running = this.runAlarm().finally(() => {
			this.running = undefined;
		});
		return this.running;
	}

	private async runAlarm(): Promise<void> {
		const booking = this.load();
		if (!booking) return;
		const now = this.clock.now();
		const { payment } = booking;
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
			now >= Date.parse(booking.createdAt) + CREATION_TIMEOUT_MS
		) {
			await this.update((current) => flow.checkoutFailed(current, "CHECKOUT_TIMEOUT", now, true));
		}
		await this.drain();
		await this.schedule();
	}

	private async runCreation(input: CheckoutInput, resumed?: BookingState): Promise<CreateOutcome> {
		const strategy = STRATEGIES[input.method];
		if (!resumed) {
			const booking = newBooking(input, this.clock.now());
			// The created row and event wait for the outcome of this call (a payment link, or not)
			// and leave with it: one history write and one event batch instead of two each, and no
			// outbox work competing with the checkout. If this run dies, the creation deadline's
			// alarm drains them.
			this.put(booking, [{ kind: "history" }, { kind: "event", type: "booking.created" }]);
			await this.schedule({ holdOutbox: true });
		}

		const customer = this.env.CUSTOMER.get(this.env.CUSTOMER.idFromName(input.ownerId));
		const verdict = await customer.reserve({
			bookingId: input.id,
			method: input.method,
			amount: input.pricing.total,
			day: jakartaDay(this.clock.now()),
			countsAgainstBudget: strategy.dailyBudget,
		});
		if (!verdict.ok) {
			const detail =
				verdict.code === "PAYMENT_METHOD_LIMIT"
					? `At most ${verdict.limit} unfinished ${input.method} bookings are allowed; finish or cancel one first.`
					: `This card order would exceed today's card budget (remaining ${verdict.remaining} IDR, and at least ${configOf(this.env).limits.minimumRemainingBudget} IDR must remain unless it is used up exactly).`;
			return this.failCreation(verdict.code, detail, false);
		}
		if (!strategy.needsLink) {
			const settled = await this.update((current) => flow.settledOnService(current, this.clock.now()));
			return { ok: true, booking: bookingView(settled.state) };
		}
		const expiresAt = new Date(this.clock.now() + configOf(this.env).paymentWindowMs).toISOString();
		try {
			const link = await paymentProcessor(this.env).createPayment({
				reference: input.id,
				amount: input.pricing.total,
				method: input.method,
				expiresAt,
				description: describe(input),
			});
			// Canceled while the link was being made: the transition records the link to void it.
			const issued = await this.update((current) =>
				flow.linkIssued(
					current,
					{ paymentId: link.paymentId, url: link.url, expiresAt: link.expiresAt },
					this.clock.now(),
				),
			);
			return { ok: true, booking: bookingView(issued.state) };
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			return this.failCreation(
				"PAYMENT_LINK_UNAVAILABLE",
				`No payment link could be had: ${error.detail}`,
				true,
			);
		}
	}

	private async failCreation(
		code: Extract<CreateOutcome, { ok: false }>["code"],
		detail: string,
		reserved: boolean,
	): Promise<CreateOutcome> {
		const result = await this.update((current) =>
			flow.checkoutFailed(current, code, this.clock.now(), reserved),
		);
		return { ok: false, code, detail, booking: bookingView(result.state) };
	}

	/** At the deadline, ask the processor first: a payment made in the last second is honoured. */
	private async expirePayment(booking: BookingState): Promise<void> {
		let processorStatus: string | undefined;
		try {
			processorStatus = booking.payment.paymentId
				? (await paymentProcessor(this.env).payment(booking.payment.paymentId)).status
				: undefined;
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			// The processor cannot be asked right now; try again shortly rather than guess.
			this.ctx.storage.kv.put(RETRY, { attempts: 1, at: this.clock.now() + 10_000 });
			return;
		}
		const now = this.clock.now();
		// Decided on the state as it is now: a webhook may have settled it during the call.
		await this.update((current) =>
			processorStatus === "PAID"
				? flow.paid(current, new Date(now).toISOString(), now)
				: flow.cancelUnpaid(current, "PAYMENT_EXPIRED", now),
		);
	}

	/**
	 * The stored state, read from storage once per instance and then kept beside it: put() is
	 * the only writer, and a failed storage write resets the instance, so the copy cannot drift.
	 * Saves deserialising the whole booking on every poll, webhook and outbox step. Callers never
	 * mutate it: transitions build new states.
	 */
	private state?: { value: BookingState | undefined };

	private load(): BookingState | undefined {
		this.state ??= { value: this.ctx.storage.kv.get<BookingState>(BOOKING) };
		return this.state.value;
	}

	/**
	 * The only way the booking changes: `decide` runs on the booking as stored at this moment, and
	 * its result is written in the same synchronous step, so a transition can never be built on a
	 * state read before an await (input gates open during outside I/O, and a webhook, a partner
	 * callback or another outbox lane may have moved the booking meanwhile).
	 */
	private async update(decide: (current: BookingState) => flow.Transition): Promise<flow.Transition> {
		const current = this.load();
		if (!current) throw new Error("update of a booking that does not exist");
		const result = decide(current);
		await this.commit(result);
		return result;
	}

	/**
	 * State and its effects in one synchronous step: both are stored or neither is. A state not
	 * derived from the stored one (its version is not the next) is refused: that write would
	 * overwrite changes it never saw.
	 */
	private put(state: BookingState, effects: flow.Effect[]): void {
		const stored = this.load();
		const expected = (stored?.version ?? 0) + 1;
		if (state.version !== expected) {
			throw new StaleWriteError(state.id, state.version, expected);
		}
		const kv = this.ctx.storage.kv;
		kv.put(BOOKING, state);
		this.state = { value: state };
		let seq = kv.get<number>(SEQ) ?? 0;
		const createdAt = this.clock.now();
		for (const effect of effects) {
			seq += 1;
			kv.put(`${OUTBOX}${String(seq).padStart(12, "0")}`, {
				seq,
				effect,
				snapshot: state,
				createdAt,
			} satisfies OutboxEntry);
		}
		kv.put(SEQ, seq);
	}

	private async commit(result: flow.Transition): Promise<void> {
		if (!result.changed) return;
		this.put(result.state, result.effects);
		this.ctx.storage.kv.delete(RETRY);
		// The alarm is armed (it retries what fails, and survives a restart), but the effects
		// start draining now, without waiting for the alarm to be dispatched.
		await this.schedule();
		this.ctx.waitUntil(this.alarm());
	}

	private async schedule({ holdOutbox = false } = {}): Promise<void> {
		const kv = this.ctx.storage.kv;
		const booking = this.load();
		const deadlines: number[] = [];
		const pending = !holdOutbox && [...kv.list({ prefix: OUTBOX, limit: 1 })].length > 0;
		const retry = kv.get<{ at: number }>(RETRY);
		if (pending || retry) deadlines.push(retry?.at ?? this.clock.now());
		if (booking?.status === "CREATED") {
			if (booking.payment.status === "WAITING_FOR_PAYMENT" && booking.payment.expiresAt)
				deadlines.push(Date.parse(booking.payment.expiresAt));
			if (booking.payment.status === "REQUEST_PAYMENT_LINK")
				deadlines.push(Date.parse(booking.createdAt) + CREATION_TIMEOUT_MS);
		}
		if (deadlines.length === 0) await this.ctx.storage.deleteAlarm();
		else await this.ctx.storage.setAlarm(Math.min(...deadlines));
	}

	/**
	 * Delivers the outbox. Effects of different kinds do not depend on each other, so each kind
	 * is its own lane and the lanes run in parallel (the saga start does not wait for the history
	 * write); within a lane entries go in order and a failure stops that lane and backs off.
	 */
	private async drain(): Promise<void> {
		const kv = this.ctx.storage.kv;
		const entries = [...kv.list<OutboxEntry>({ prefix: OUTBOX })];
		const lanes = new Map<flow.Effect["kind"], Array<[string, OutboxEntry]>>();
		for (const pair of entries) {
			const kind = pair[1].effect.kind;
			lanes.set(kind, [...(lanes.get(kind) ?? []), pair]);
		}
		// Lanes share one thread until their first await: what someone waits for goes first.
		const ordered = [...lanes].sort(([a], [b]) => LANE_PRIORITY.indexOf(a) - LANE_PRIORITY.indexOf(b));
		// Delivered entries leave the outbox together, in one storage write with the retry state.
		const delivered: string[] = [];
		const results = await Promise.all(ordered.map(([, lane]) => this.drainLane(lane, delivered)));
		for (const key of delivered) kv.delete(key);
		if (results.every(Boolean)) {
			kv.delete(RETRY);
			return;
		}
		const attempts = (kv.get<{ attempts: number }>(RETRY)?.attempts ?? 0) + 1;
		kv.put(RETRY, { attempts, at: this.clock.now() + retryDelayMs(attempts) });
	}

	private async drainLane(lane: Array<[string, OutboxEntry]>, delivered: string[]): Promise<boolean> {
		if (lane[0]?.[1].effect.kind === "event") return this.publishLane(lane, delivered);
		for (let i = 0; i < lane.length; i++) {
			const [key, entry] = lane[i] as [string, OutboxEntry];
			// Only the newest pending snapshot needs projecting; older history entries are superseded.
			const superseded = entry.effect.kind === "history" && i < lane.length - 1;
			try {
				if (!superseded) {
					await deliver(this.env, entry, {
						apply: (decide) => this.update(decide).then(() => undefined),
						now: () => this.clock.now(),
						historyBase: {
							written: () => this.ctx.storage.kv.get(HISTORY_BASE) === true,
							markWritten: () => this.ctx.storage.kv.put(HISTORY_BASE, true),
						},
					});
				}
			} catch (error) {
				warnUndelivered(entry.snapshot.id, entry.effect.kind, error);
				return false;
			}
			delivered.push(key);
		}
		return true;
	}

	/** Events go out together (ids make a repeat harmless to consumers), then leave the outbox. */
	private async publishLane(lane: Array<[string, OutboxEntry]>, delivered: string[]): Promise<boolean> {
		try {
			await publishEvents(
				this.env,
				lane.map(([, entry]) => entry),
			);
		} catch (error) {
			warnUndelivered(lane[0]?.[1].snapshot.id, "event", error);
			return false;
		}
		for (const [key] of lane) delivered.push(key);
		return true;
	}
}

/** A write derived from a state older than the stored one: a bug, never silently applied. */
export class StaleWriteError extends Error {
	constructor(bookingId: string, version: number, expected: number) {
		super(`booking ${bookingId}: refused a write at version ${version}; the next version is ${expected}`);
		this.name = "StaleWriteError";
	}
}

/** A payment webhook as a transition of the booking it names (the payment id is learnt from it). */
function applyPaymentEvent(booking: BookingState, event: PaymentEvent, now: number): flow.Transition {
	const known = booking.payment.paymentId
		? booking
		: { ...booking, payment: { ...booking.payment, paymentId: event.data.paymentId } };
	switch (event.type) {
		case "payment.paid":
			return flow.paid(known, event.data.paidAt ?? new Date(now).toISOString(), now);
		case "payment.failed":
			return flow.paymentEnded(known, "FAILED", now);
		case "payment.canceled":
			return flow.paymentEnded(known, "CANCELED", now);
		case "refund.succeeded":
			return flow.refundSucceeded(known, now, event.data.refund ?? {});
	}
}

function warnUndelivered(booking: string | undefined, effect: string, error: unknown): void {
	console.warn(
		JSON.stringify({ level: "warn", msg: "outbox delivery failed", booking, effect, error: String(error) }),
	);
}

/** Lane start order: the saga and the money first, the history projection (a D1 write) last. */
const LANE_PRIORITY: flow.Effect["kind"][] = [
	"saga.start",
	"payment.refund",
	"payment.void",
	"cart.close",
	"cart.reopen",
	"customer.release",
	"event",
	"history",
];

function describe(input: CheckoutInput): string {
	const types = [...new Set(input.items.map((item) => item.businessType))].join(", ");
	const notes = input.items
		.map((item) => (typeof item.details.notes === "string" ? item.details.notes : ""))
		.filter(Boolean);
	return [`Order ${input.id}: ${input.items.length} item(s) (${types})`, ...notes].join(" | ");
}
