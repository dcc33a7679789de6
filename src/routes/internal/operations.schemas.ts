import { z } from "@hono/zod-openapi";
import { PAYMENT_METHODS } from "../../domain/payment-methods";
import { OPERATOR_ACTIONS } from "../../durable/operator-actions";
import { BookingStatusSchema } from "../bookings/bookings.schemas";
import { BusinessTypeSchema, idParam, idSchema } from "../shared/schemas";

const query = <T extends z.ZodType>(name: string, schema: T, description: string) =>
	schema.openapi({ param: { name, in: "query" }, description });

const instant = z.iso.datetime({
	offset: true,
	error: "must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z",
});

export const SearchBookingsQuery = z.object({
	status: query("status", BookingStatusSchema.optional(), "Only bookings in this status."),
	attention: query(
		"attention",
		z.enum(["true", "false"]).optional(),
		"true: only what needs a person (NEEDS_ATTENTION sagas, stuck creations, dead events); false: none of those.",
	),
	customerId: query(
		"customerId",
		idSchema("The owner's id.", "cust_1").optional(),
		"The owner (customer id or guest_…).",
	),
	paymentMethod: query("paymentMethod", z.enum(PAYMENT_METHODS).optional(), "The booking's payment method."),
	businessType: query(
		"businessType",
		BusinessTypeSchema.optional(),
		"Bookings holding an item of this type.",
	),
	partnerRef: query(
		"partnerRef",
		idSchema("A partner's order reference.", "taxi_a8e98229b318").optional(),
		"The booking holding this partner order.",
	),
	from: query("from", instant.optional(), "Created at or after this instant."),
	to: query("to", instant.optional(), "Created at or before this instant."),
	q: query(
		"q",
		z
			.string()
			.min(3)
			.max(64)
			.regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only")
			.optional(),
		"A booking id prefix (bkg_4hT9…), or a payment reference (the processor's payment id).",
	),
	limit: query("limit", z.coerce.number().int().min(1).max(100).optional(), "Page size, 1-100 (default 20)."),
	cursor: query("cursor", z.string().max(512).optional(), "From the previous page's nextCursor."),
});

export const OperatorBookingRowSchema = z
	.object({
		id: z.string(),
		status: BookingStatusSchema,
		paymentStatus: z.string(),
		paymentMethod: z.string(),
		total: z.number().int(),
		customerId: z.string(),
		createdAt: z.string(),
		updatedAt: z.string(),
		sagaStatus: z.enum(["RUNNING", "SUCCEEDED", "COMPENSATING", "REFUNDING", "FAILED"]).nullable(),
		attention: z.boolean(),
	})
	.openapi("OperatorBookingRow");

export const SearchBookingsAnswer = z
	.object({ bookings: z.array(OperatorBookingRowSchema), nextCursor: z.string().nullable() })
	.openapi("BookingSearchPage");

export const OperationsSummarySchema = z
	.object({
		byStatus: z.record(z.string(), z.number().int()),
		needsAttention: z.number().int(),
		deadEvents: z.number().int().openapi({ description: "Dead events not replayed yet." }),
		sagaMs: z
			.object({ p50: z.number().nullable(), p99: z.number().nullable(), n: z.number().int() })
			.openapi({
				description:
					"Durations (payment to every item booked, or to failure) of sagas finished in the last hour.",
			}),
	})
	.openapi("OperationsSummary");

export const DeadEventSchema = z
	.object({
		id: z.string(),
		queue: z.string(),
		bookingId: z.string().nullable(),
		attempts: z.number().int(),
		firstFailedAt: z.string().nullable(),
		lastError: z.string().nullable(),
		deadAt: z.string(),
		replayedAt: z.string().nullable(),
		replayedBy: z.string().nullable(),
		replayReason: z.string().nullable(),
		body: z.unknown(),
	})
	.openapi("DeadEvent");

export const DeadEventsQuery = z.object({
	limit: query("limit", z.coerce.number().int().min(1).max(100).optional(), "Page size, 1-100 (default 50)."),
	cursor: query("cursor", z.string().max(512).optional(), "From the previous page's nextCursor."),
});

export const DeadEventsAnswer = z
	.object({ deadEvents: z.array(DeadEventSchema), nextCursor: z.string().nullable() })
	.openapi("DeadEventsPage");

export const DeadEventParams = z.object({
	id: idParam("id", "evt_bkg_4hT9q2ZxYvB7mN3kP8sR1w_3_booking.confirmed"),
});

export const ReasonBody = z
	.object({
		reason: z
			.string()
			.trim()
			.min(5, "say why, in at least 5 characters")
			.max(500)
			.openapi({ description: "Why: recorded with the actor.", example: "Notification service back up" }),
	})
	.openapi("OperatorReason");

export const ReplayAnswer = z
	.object({
		id: z.string(),
		replayed: z
			.boolean()
			.openapi({ description: "false: it was replayed before (nothing was published again)." }),
		replayedAt: z.string(),
		replayedBy: z.string(),
	})
	.openapi("DeadEventReplay");

export const TimelineSchema = z
	.object({
		entries: z.array(
			z.object({
				at: z.string().openapi({ description: "ISO 8601 (UTC)." }),
				kind: z.enum([
					"booking",
					"payment",
					"webhook",
					"saga.step",
					"saga.compensation",
					"refund",
					"notification",
					"receipt",
					"operator",
				]),
				summary: z.string().openapi({ example: "Partner RENT rejected item oi_7Yh3…: no cars left." }),
				actor: z.string().openapi({
					description:
						"system, customer, guest, processor, partner:<TYPE>, an operator's sub, or service-token.",
				}),
				data: z.record(z.string(), z.unknown()),
			}),
		),
	})
	.openapi("BookingTimeline");

export const OperatorActionBody = z
	.object({
		action: z.enum(OPERATOR_ACTIONS).openapi({
			description:
				"retry-now: a waiting step or cancel runs now (once); resume: a NEEDS_ATTENTION saga's compensation starts over; mark-compensated: an item whose cancel holds the saga was canceled at its partner out of band (itemId); force-compensate: an ACTIVE booking none of whose items a partner started is undone: every item canceled, everything paid and not refunded yet (fees included) refunded, the booking FAILED; refund: `amount` IDR of the payment back to the customer, through the processor; resend-notification: the customer's latest notice again.",
		}),
		itemId: idSchema("The order item (mark-compensated).", "oi_7Yh3Kd9QbX2mR5tN8vC1pZ").optional(),
		amount: z.number().int().positive().max(1_000_000_000).optional().openapi({
			description: "IDR to refund (refund): at most what was paid and not refunded yet.",
			example: 50_000,
		}),
		reason: z.string().trim().min(5, "say why, in at least 5 characters").max(500).openapi({
			description: "Why: recorded with the actor.",
			example: "Partner confirmed the cancel by phone",
		}),
	})
	.superRefine((body, ctx) => {
		if (body.action === "mark-compensated" && !body.itemId)
			ctx.addIssue({ code: "custom", path: ["itemId"], message: "mark-compensated names the item" });
		if (body.action === "refund" && body.amount === undefined)
			ctx.addIssue({ code: "custom", path: ["amount"], message: "refund names the amount, in IDR" });
	})
	.openapi("OperatorActionRequest");

export const OperatorActionAnswer = z
	.object({
		actionId: z.string(),
		action: z.enum(OPERATOR_ACTIONS),
		bookingId: z.string(),
		result: z.literal("applied"),
	})
	.openapi("OperatorActionResult");

export const IdempotencyHeaders = z.object({
	"idempotency-key": z.string().optional().openapi({
		description:
			"Required (1 to 128 of letters, digits, '.', '_', ':' or '-'): a retried action applies once.",
		example: "resume-bkg_4hT9-1",
	}),
});
