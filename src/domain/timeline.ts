import type { SagaPlan } from "../saga/booking-saga";
import { NOTHING_BOOKED } from "../saga/compensation";
import type { Attempt, SagaLog } from "../saga/types";
import { type BookingState, bookingView } from "./booking";

/**
 * A booking's timeline for operators: everything that happened to it, oldest first, each entry
 * one human sentence with who did it. It merges what the booking and its saga hold (events,
 * every partner call attempt, refunds, the receipt) with what only the history keeps (webhooks
 * as answered, notifications sent, operator actions). Pure: the route gathers the sources.
 */
export type TimelineKind =
	| "booking"
	| "payment"
	| "webhook"
	| "saga.step"
	| "saga.compensation"
	| "refund"
	| "notification"
	| "receipt"
	| "operator";

export interface TimelineEntry {
	at: string;
	kind: TimelineKind;
	summary: string;
	/** system, customer, guest, processor, partner:<TYPE>, an operator's sub, or service-token. */
	actor: string;
	data: Record<string, unknown>;
}

export interface TimelineSources {
	booking: BookingState;
	saga?: { plan?: SagaPlan; log?: SagaLog };
	/** The booking's events as the history recorded them (type, version, when, the booking then). */
	events: Array<{ type: string; version: number; createdAt: string; payload: unknown }>;
	/** Entries the history journal holds (webhooks, notifications, operator actions). */
	journal: TimelineEntry[];
}

const idr = (amount: number) => `IDR ${amount.toLocaleString("en-US")}`;

type EventBooking = {
	status?: string;
	cancelReason?: string;
	payment?: { status?: string; method?: string };
	items?: Array<{ id: string; businessType: string; status: string }>;
	pricing?: { total?: number };
};

function eventEntry(
	booking: BookingState,
	event: TimelineSources["events"][number],
): TimelineEntry | undefined {
	const then = ((event.payload as { booking?: EventBooking } | null)?.booking ?? {}) as EventBooking;
	const data = (event.payload as { data?: Record<string, unknown> } | null)?.data ?? {};
	const base = { at: event.createdAt, data: { version: event.version, type: event.type, ...data } };
	const owner = booking.channel === "WEB" ? "guest" : "customer";
	switch (event.type) {
		case "booking.created":
			return {
				...base,
				kind: "booking",
				actor: owner,
				summary: `Booking created: ${booking.items.length} item(s), ${idr(booking.pricing.total)}, paying by ${booking.payment.method}.`,
			};
		case "payment.updated": {
			const status = then.payment?.status ?? "changed";
			const byProcessor = ["PAID", "PAYMENT_FAILED", "REFUND_SUCCESS"].includes(status);
			return {
				...base,
				kind: "payment",
				actor: byProcessor ? "processor" : "system",
				summary: `Payment ${status}.`,
			};
		}
		case "booking.active":
			return {
				...base,
				kind: "booking",
				actor: "system",
				summary: "Booking ACTIVE: paid; its items are being booked.",
			};
		case "booking.confirmed":
			return {
				...base,
				kind: "booking",
				actor: "system",
				summary: "Every item is booked: the order is confirmed.",
			};
		case "booking.failed":
			return {
				...base,
				kind: "booking",
				actor: "system",
				summary: `Booking FAILED${then.cancelReason ? `: ${then.cancelReason}` : ""}.`,
			};
		case "booking.canceled":
			return {
				...base,
				kind: "booking",
				actor: then.cancelReason === "CANCELED_BY_CUSTOMER" ? owner : "system",
				summary: `Booking canceled${then.cancelReason ? ` (${then.cancelReason})` : ""}.`,
			};
		case "booking.completed":
			return { ...base, kind: "booking", actor: "system", summary: "Booking COMPLETED: every item is done." };
		case "order_item.canceled": {
			const itemId = typeof data.itemId === "string" ? data.itemId : undefined;
			const item = booking.items.find((i) => i.id === itemId);
			return {
				...base,
				kind: "booking",
				actor: item ? `partner:${item.businessType}` : "system",
				summary:
					`Partner ${item?.businessType ?? ""} canceled item ${itemId ?? "?"}; its share is refunded.`.replace(
						"Partner  ",
						"A partner ",
					),
			};
		}
		case "saga.needs_attention":
			return {
				...base,
				kind: "saga.compensation",
				actor: "system",
				summary: "The saga needs attention: a cancellation keeps failing.",
			};
		default:
			// Item moves and refund confirmations are told by the saga log and the refunds below.
			return undefined;
	}
}

function attemptSentence(type: string, itemId: string, attempt: Attempt, n: number): string {
	const cancel = attempt.action === "compensate";
	const what = cancel ? `cancel of item ${itemId}` : `booking of item ${itemId}`;
	const why = attempt.detail ? `: ${attempt.detail.replace(/[.\s]+$/, "")}` : "";
	switch (attempt.outcome) {
		case "ok":
			if (cancel && attempt.detail === NOTHING_BOOKED)
				return `Partner ${type} holds nothing for item ${itemId} (it never booked it): nothing to cancel.`;
			return cancel ? `Partner ${type} canceled item ${itemId}.` : `Partner ${type} booked item ${itemId}.`;
		case "pending":
			return `Partner ${type} is confirming item ${itemId} (asynchronous).`;
		case "rejected":
			return cancel
				? `Partner ${type} refused the ${what}${why}.`
				: `Partner ${type} rejected item ${itemId}${why}.`;
		case "transient":
			return `Partner ${type} could not take the ${what} (attempt ${n})${why}; it is retried.`;
		case "unknown":
			return `Partner ${type} did not answer the ${what} (attempt ${n})${why}; treated as maybe done.`;
		case "interrupted":
			return `The ${what} was interrupted by a restart (attempt ${n}); it is resumed.`;
	}
}

function sagaEntries(saga: TimelineSources["saga"]): TimelineEntry[] {
	const log = saga?.log;
	if (!log) return [];
	const entries: TimelineEntry[] = [];
	for (const step of log.steps) {
		const type = saga.plan?.items.find((i) => i.itemId === step.id)?.businessType ?? "?";
		const counts = { invoke: 0, compensate: 0, final: 0 };
		for (const attempt of step.history) {
			counts[attempt.action] += 1;
			// An operator recorded the cancel (done at the partner out of band): theirs, not the partner's.
			const byOperator =
				attempt.outcome === "ok" ? /^marked compensated by (\S+):/.exec(attempt.detail ?? "") : null;
			entries.push({
				at: new Date(attempt.at).toISOString(),
				kind: attempt.action === "compensate" ? "saga.compensation" : "saga.step",
				actor: byOperator ? (byOperator[1] as string) : `partner:${type}`,
				summary: byOperator
					? `Item ${step.id} ${attempt.detail} (canceled at partner ${type}).`
					: attemptSentence(type, step.id, attempt, counts[attempt.action]),
				data: {
					itemId: step.id,
					action: attempt.action,
					outcome: attempt.outcome,
					attempt: counts[attempt.action],
					...(attempt.detail ? { detail: attempt.detail } : {}),
					...(step.ref ? { partnerRef: step.ref } : {}),
				},
			});
		}
	}
	for (const attempt of log.final.history) {
		entries.push({
			at: new Date(attempt.at).toISOString(),
			kind: "saga.compensation",
			actor: "system",
			summary:
				attempt.outcome === "ok"
					? "Every booked item was undone: the booking failed, and its payment is to be refunded."
					: `The booking could not be told the saga failed${attempt.detail ? `: ${attempt.detail}` : ""}; retried.`,
			data: { action: "final", outcome: attempt.outcome },
		});
	}
	return entries;
}

function moneyEntries(booking: BookingState): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const refund of bookingView(booking).payment.refunds) {
		const whose = refund.itemId
			? `item ${refund.itemId}'s share`
			: refund.actionId
				? "an operator's refund"
				: "the payment";
		const data = {
			amount: refund.amount,
			...(refund.itemId ? { itemId: refund.itemId } : {}),
			...(refund.actionId ? { actionId: refund.actionId } : {}),
		};
		entries.push({
			at: refund.requestedAt,
			kind: "refund",
			actor: "system",
			summary: `Refund of ${idr(refund.amount)} (${whose}) asked of the processor.`,
			data,
		});
		if (refund.succeededAt) {
			entries.push({
				at: refund.succeededAt,
				kind: "refund",
				actor: "processor",
				summary: `Refund of ${idr(refund.amount)} (${whose}) confirmed by the processor.`,
				data,
			});
		}
	}
	if (booking.receiptRequest) {
		entries.push({
			at: booking.receiptRequest.requestedAt,
			kind: "receipt",
			actor: "system",
			summary: `Receipt ${booking.receiptRequest.documentId} asked of the document generator.`,
			data: { documentId: booking.receiptRequest.documentId },
		});
	}
	if (booking.receipt) {
		entries.push({
			at: booking.receipt.readyAt,
			kind: "receipt",
			actor: "system",
			summary: `Receipt ${booking.receipt.documentId} is ready.`,
			data: { documentId: booking.receipt.documentId },
		});
	}
	return entries;
}

const KIND_ORDER: TimelineKind[] = [
	"operator",
	"webhook",
	"payment",
	"booking",
	"saga.step",
	"saga.compensation",
	"refund",
	"receipt",
	"notification",
];

/** Every entry, oldest first (ties: a cause before its effects, as KIND_ORDER lists them). */
export function timelineOf(sources: TimelineSources): TimelineEntry[] {
	const entries = [
		...sources.events.flatMap((event) => eventEntry(sources.booking, event) ?? []),
		...sagaEntries(sources.saga),
		...moneyEntries(sources.booking),
		...sources.journal,
	];
	return entries.sort(
		(a, b) => a.at.localeCompare(b.at) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
	);
}
