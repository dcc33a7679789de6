import { createRoute, z } from "@hono/zod-openapi";
import { requireInternal } from "../../lib/operator-auth";
import { BookingIdParams } from "../bookings/bookings.schemas";
import { json, problems } from "../shared/responses";
import {
	DeadEventParams,
	DeadEventsAnswer,
	DeadEventsQuery,
	IdempotencyHeaders,
	OperationsSummarySchema,
	OperatorActionAnswer,
	OperatorActionBody,
	ReasonBody,
	ReplayAnswer,
	SearchBookingsAnswer,
	SearchBookingsQuery,
	TimelineSchema,
} from "./operations.schemas";

/** Internal routes take the service token or an operator JWT. */
const operatorSecurity: Array<Record<string, string[]>> = [{ serviceToken: [] }, { operatorToken: [] }];

export const InternalBooking = z
	.object({
		booking: z
			.record(z.string(), z.unknown())
			.openapi({ description: "The booking as the BookingDO holds it (payment ids, refunds, items)." }),
		outbox: z.array(z.record(z.string(), z.unknown())).openapi({ description: "Effects not yet delivered." }),
		webhookInbox: z.array(z.string()).openapi({ description: "Event ids already processed." }),
		alarm: z.string().nullable(),
		saga: z
			.object({
				plan: z.unknown().optional(),
				log: z.unknown().optional(),
				syncPending: z.boolean(),
				alarm: z.string().nullable(),
			})
			.openapi({ description: "The saga log: every step with its attempts, key, partner ref and errors." }),
		timeZone: z
			.object({ zone: z.enum(["WIB", "WITA", "WIT"]), timeZone: z.string(), utcOffset: z.string() })
			.openapi({ description: "The booking's local zone (its first place), to show its times in." }),
	})
	.openapi("InternalBookingDetail");

export const getInternalBookingDetail = createRoute({
	method: "get",
	path: "/internal/bookings/{bookingId}",
	operationId: "GetInternalBookingDetail",
	summary: "Everything about a booking, for operators",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("viewer")],
	request: { params: BookingIdParams },
	responses: {
		200: json(InternalBooking, "The booking, its saga log, outbox and webhook inbox"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND"),
	},
});

export const searchBookings = createRoute({
	method: "get",
	path: "/internal/bookings",
	operationId: "SearchBookings",
	summary: "Search bookings, newest first",
	description:
		"Every filter combines with the others; pages are keyset cursors (`nextCursor`, null on the last page), so a late page costs what the first does. `attention=true` lists what needs a person: NEEDS_ATTENTION sagas, creations stuck asking for a payment link, and bookings with dead events not replayed.",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("viewer")],
	request: { query: SearchBookingsQuery },
	responses: {
		200: json(SearchBookingsAnswer, "One page of bookings"),
		...problems("VALIDATION_FAILED", "UNAUTHORIZED"),
	},
});

export const getOperationsSummary = createRoute({
	method: "get",
	path: "/internal/summary",
	operationId: "GetOperationsSummary",
	summary: "Bookings per status, what needs attention, dead events, saga durations",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("viewer")],
	responses: {
		200: json(OperationsSummarySchema, "The operations summary"),
		...problems("UNAUTHORIZED"),
	},
});

export const listDeadEvents = createRoute({
	method: "get",
	path: "/internal/dead-events",
	operationId: "ListDeadEvents",
	summary: "Events that failed every retry, newest first",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("viewer")],
	request: { query: DeadEventsQuery },
	responses: {
		200: json(DeadEventsAnswer, "One page of dead events"),
		...problems("VALIDATION_FAILED", "UNAUTHORIZED"),
	},
});

export const replayDeadEvent = createRoute({
	method: "post",
	path: "/internal/dead-events/{id}/replay",
	operationId: "ReplayDeadEvent",
	summary: "Publish a dead event again, once",
	description:
		"The event goes back on its queue once (its consumers are idempotent: notifications and receipts are keyed by the event id). A second replay publishes nothing and answers the first replay's record. Operators only; the reason and the actor are kept.",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("operator")],
	request: {
		params: DeadEventParams,
		body: { required: true, content: { "application/json": { schema: ReasonBody } } },
	},
	responses: {
		200: json(ReplayAnswer, "Replayed (or replayed before)"),
		...problems(
			"VALIDATION_FAILED",
			"UNAUTHORIZED",
			"FORBIDDEN",
			"DEAD_EVENT_NOT_FOUND",
			"UPSTREAM_UNAVAILABLE",
		),
	},
});

export const getBookingTimeline = createRoute({
	method: "get",
	path: "/internal/bookings/{bookingId}/timeline",
	operationId: "GetBookingTimeline",
	summary: "Everything that happened to a booking, oldest first",
	description:
		"Booking and payment transitions, webhooks as they were answered (applied, duplicate, rejected and why), every saga step attempt with its error, compensations, refunds, notifications sent, the receipt and operator actions: one sentence each, with who did it.",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("viewer")],
	request: { params: BookingIdParams },
	responses: {
		200: json(TimelineSchema, "The timeline"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND"),
	},
});

export const runOperatorAction = createRoute({
	method: "post",
	path: "/internal/bookings/{bookingId}/actions",
	operationId: "RunOperatorAction",
	summary: "Act on a booking: retry, resume, mark an item compensated, resend a notice",
	description:
		"Operators only. `Idempotency-Key` is required: a replay with the same key and body answers the same and applies nothing again; another body is 409 IDEMPOTENCY_KEY_REUSED. An action the booking's state does not allow is 409 ACTION_NOT_ALLOWED saying why, and changes nothing. Every action is recorded in the booking's timeline with its actor and reason.",
	tags: ["Internal"],
	security: operatorSecurity,
	middleware: [requireInternal("operator")],
	request: {
		params: BookingIdParams,
		headers: IdempotencyHeaders,
		body: { required: true, content: { "application/json": { schema: OperatorActionBody } } },
	},
	responses: {
		200: json(OperatorActionAnswer, "Applied (or applied before, for a replay)"),
		...problems(
			"VALIDATION_FAILED",
			"IDEMPOTENCY_KEY_REQUIRED",
			"UNAUTHORIZED",
			"FORBIDDEN",
			"BOOKING_NOT_FOUND",
			"IDEMPOTENCY_KEY_REUSED",
			"ACTION_NOT_ALLOWED",
			"REFUND_EXCEEDS_PAID",
		),
	},
});
