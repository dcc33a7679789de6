import { historyRepository } from "../db";
import type { BookingState } from "../domain/booking";
import { NOTIFIED_EVENTS } from "../domain/notifications";
import { operatorRefund, operatorRefundRefusal } from "../domain/refund-flow";
import type { BookingEventType, Transition } from "../domain/transition";
import type { SagaOperation } from "../saga/operator";
import type { BookingEvent } from "./booking-outbox";
import { sagaOf } from "./stubs";

/**
 * Operator actions on one booking, run by its BookingDO: the Idempotency-Key is bound to the
 * request (its hash) before anything happens, a replay answers the first answer, and each
 * action goes through the machinery the automatic path uses (the saga's own log and alarm; the
 * booking-events queue for a notification).
 */
export const OPERATOR_ACTIONS = [
	"retry-now",
	"resume",
	"mark-compensated",
	"force-compensate",
	"refund",
	"resend-notification",
] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

export interface ActionRequest {
	key: string;
	/** A hash of the request (action, item, amount, reason): the key is bound to it. */
	hash: string;
	action: OperatorAction;
	itemId?: string;
	/** IDR, for a refund. */
	amount?: number;
	reason: string;
	actor: string;
}

export interface ActionAnswer {
	actionId: string;
	action: OperatorAction;
	bookingId: string;
	result: "applied";
}

export type ActionOutcome =
	| { ok: true; answer: ActionAnswer; summary: string; replay: boolean }
	| {
			ok: false;
			code: "BOOKING_NOT_FOUND" | "IDEMPOTENCY_KEY_REUSED" | "ACTION_NOT_ALLOWED" | "REFUND_EXCEEDS_PAID";
			detail?: string;
	  };

export interface StoredAction {
	hash: string;
	answer: ActionAnswer;
	summary: string;
}

const SAGA_OPERATIONS: ReadonlySet<string> = new Set<SagaOperation>([
	"retry-now",
	"resume",
	"mark-compensated",
	"force-compensate",
]);

/** Items a partner has started or finished cannot be undone by a cancel: no forced compensation. */
const UNDER_WAY = new Set(["IN_PROGRESS", "DONE"]);

/** Why the booking itself forbids a forced compensation, or undefined. */
function forceRefusal(booking: BookingState): string | undefined {
	if (booking.status !== "ACTIVE")
		return `Booking ${booking.id} is ${booking.status}; only an ACTIVE booking can be force-compensated.`;
	const started = booking.items.find((item) => UNDER_WAY.has(item.status));
	if (started)
		return `Item ${started.id} is ${started.status} with its ${started.businessType} partner: a cancel cannot undo it. Settle it with the partner, then refund what is due.`;
	return undefined;
}

export type ActionRun =
	| { ok: true; summary: string }
	| { ok: false; why: string; code?: "ACTION_NOT_ALLOWED" | "REFUND_EXCEEDS_PAID" };

/** What an action needs of its BookingDO: the booking as stored now, and its one way to change. */
export interface ActionHost {
	load(): BookingState | undefined;
	update(decide: (current: BookingState) => Transition): Promise<Transition>;
	now(): number;
}

/** Runs the action (the host has checked the key): its summary, or why it is not allowed now. */
export async function runAction(
	env: Env,
	booking: BookingState,
	request: ActionRequest,
	actionId: string,
	host: ActionHost,
): Promise<ActionRun> {
	if (request.action === "refund") return refund(host, request.amount ?? 0, actionId);
	if (request.action === "force-compensate") {
		const why = forceRefusal(booking);
		if (why) return { ok: false, why };
	}
	if (SAGA_OPERATIONS.has(request.action)) {
		const done = await sagaOf(env, booking.id).operate(request.action as SagaOperation, {
			...(request.itemId ? { itemId: request.itemId } : {}),
			actor: request.actor,
			reason: request.reason,
		});
		return done.ok ? { ok: true, summary: done.summary } : { ok: false, why: done.why };
	}
	return resendLatest(env, booking, actionId);
}

/**
 * The customer's latest notice, again: its event goes back on the queue marked as a resend, so
 * the consumer sends it on all its channels under keys of this action (sent once per action).
 */
async function resendLatest(
	env: Env,
	booking: BookingState,
	actionId: string,
): Promise<{ ok: true; summary: string } | { ok: false; why: string }> {
	const events = await historyRepository(env).eventsFor(booking.id);
	const latest = events.filter((e) => NOTIFIED_EVENTS.has(e.type as BookingEventType)).at(-1);
	if (!latest) return { ok: false, why: "The customer has not been sent anything about this booking yet." };
	const event = latest.payload as BookingEvent;
	await env.EVENTS.send({ ...event, resend: actionId }, { contentType: "json" });
	return { ok: true, summary: `resent the customer's ${latest.type} notice` };
}

/**
 * An operator's refund: a partial refund under the action's key, through the booking's outbox
 * like every refund (the processor's webhook confirms it, the customer is told then).
 */
async function refund(host: ActionHost, amount: number, actionId: string): Promise<ActionRun> {
	const result = await host.update((current) => operatorRefund(current, amount, actionId, host.now()));
	if (result.changed) return { ok: true, summary: `refunded IDR ${amount}` };
	const current = host.load();
	if (current?.payment.partialRefunds?.some((r) => r.actionId === actionId))
		return { ok: true, summary: `refunded IDR ${amount}` };
	const refusal = current ? operatorRefundRefusal(current, amount) : undefined;
	return {
		ok: false,
		code: refusal?.code ?? "ACTION_NOT_ALLOWED",
		why: refusal?.detail ?? "The booking cannot be refunded now.",
	};
}
