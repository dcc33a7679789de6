import { z } from "zod";
import { ConfigPatch } from "../config-service/document";
import { FAULT_TARGETS, FaultBody } from "../control/faults";
import { AdvanceBody, BookOrderBody, CancelByKeyBody } from "../partners/schemas";
import { SimulateBody } from "../payment-processor/schemas";

/** One steering operation: what the document says of it, with whole examples. */
export interface Operation {
	tag: string;
	summary: string;
	description?: string;
	query?: Record<string, string>;
	body?: z.ZodType;
	example?: unknown;
	ok: { status?: number; description: string; example: unknown };
	errors?: Record<number, string>;
}

/** The partner ref the examples use: what a TAXI book call answers. */
export const partnerRef = "taxi_5e0c3f6a2b1d4e8f9a7c6b5d4e3f2a1b";
const at = "2026-12-01T01:03:12.000Z";
const order = {
	partnerRef,
	businessType: "TAXI",
	bookingId: "bkg_4hT9q2ZxYvB7mN3kP8sR1w",
	itemId: "oi_7Yh3Kd9QbX2mR5tN8vC1pZ",
	fleetId: "taxi-regular",
	quantity: 1,
	status: "DRIVER_ASSIGNED",
	details: { notes: "sandbox:slow:200" },
	vehicle: {
		plate: "B 1234 XYZ",
		model: "Toyota Avanza",
		driverName: "Agus Wijaya",
		driverPhone: "+6281311112222",
	},
	createdAt: at,
	updatedAt: "2026-12-01T01:05:00.000Z",
};
const fault = { target: "TAXI", failRate: 0.2, timeoutRate: 0.1, latencyMs: 50, updatedAt: at };
const config = {
	version: 2,
	updatedAt: at,
	paymentMethods: {
		CASH: { enabled: true },
		OVO: { enabled: false, disabledMessage: "OVO is under maintenance until 14:00 WIB." },
	},
	cartTtl: "15m",
};
const payment = {
	paymentId: "pay_4f1c2b",
	reference: "bkg_4hT9q2ZxYvB7mN3kP8sR1w",
	amount: 78_500,
	currency: "IDR",
	method: "GOPAY",
	status: "PAID",
	url: "http://127.0.0.1:8001/pay/pay_4f1c2b",
	expiresAt: "2026-12-01T01:32:00.000Z",
	createdAt: "2026-12-01T01:02:00.000Z",
	paidAt: at,
	refunds: [],
	events: [{ eventId: "evt_1a2b3c", type: "payment.paid", createdAt: at }],
	deliveries: [{ eventId: "evt_1a2b3c", attempt: 1, status: 200, at }],
};
const delivered = { eventId: "evt_taxi_4d5e6f", delivered: true, status: 200 };

/** The notes that steer a partner (and the payment processor), as README lists them. */
export const NOTES = `Put these in an item's \`details.notes\` (they reach the partner with the book call); tokens combine, separated by spaces:

| Note | Partner behaviour |
| --- | --- |
| \`sandbox:reject\` | refuses the booking (422 REJECTED, definite) |
| \`sandbox:timeout\` | books, but holds the answer for PARTNER_TIMEOUT_HOLD (the caller times out) |
| \`sandbox:flaky:N\` | the first N book attempts with one idempotency key answer 503, then it books |
| \`sandbox:slow:MS\` | answers after MS milliseconds |
| \`sandbox:async-confirm\` / \`sandbox:async-reject\` | answers 202 PENDING, then confirms or rejects by signed callback |
| \`sandbox:cancel-fails:N\` | the first N cancel calls answer 503 |
| \`sandbox:link-fails\` | (payment) no payment link can be created |
| \`sandbox:refund-slow:MS\` | (payment) refunds are made at once, answered MS late |`;

/** Every documented steering route, by OpenAPI path and method. */
export const operations: Record<string, Record<string, Operation>> = {
	"/control/faults": {
		get: {
			tag: "Faults",
			summary: "The faults in force",
			ok: { description: "Every target's fault", example: { faults: [fault] } },
		},
		post: {
			tag: "Faults",
			summary: "Set one target's fault (replacing what it had)",
			description: `Each call to the target fails at once with 503 at \`failRate\`, does its work and holds the answer past the caller's timeout at \`timeoutRate\`, and waits \`latencyMs\` first. Targets: ${FAULT_TARGETS.join(", ")}.`,
			body: FaultBody,
			example: { target: "TAXI", failRate: 0.2, timeoutRate: 0.1, latencyMs: 50 },
			ok: { description: "Every target's fault", example: { faults: [fault] } },
			errors: { 400: "VALIDATION_FAILED or MALFORMED_JSON" },
		},
		delete: {
			tag: "Faults",
			summary: "Clear every fault, or one target's",
			query: { target: `Only this target (${FAULT_TARGETS.join(", ")}).` },
			ok: { description: "The faults left", example: { faults: [] } },
			errors: { 400: "VALIDATION_FAILED: an unknown target" },
		},
	},
	"/control/config": {
		get: {
			tag: "Config Service",
			summary: "The orchestrator's configuration document",
			ok: { description: "The document", example: config },
		},
		put: {
			tag: "Config Service",
			summary: "Deep-merge a partial document and bump its version",
			description:
				"Every field is optional; what the document does not set, the orchestrator takes from its environment. A patch that changes nothing keeps the version.",
			body: ConfigPatch,
			example: {
				paymentMethods: {
					OVO: { enabled: false, disabledMessage: "OVO is under maintenance until 14:00 WIB." },
				},
				cartTtl: "15m",
			},
			ok: { description: "The document as it is now", example: config },
			errors: { 400: "VALIDATION_FAILED or MALFORMED_JSON" },
		},
		delete: {
			tag: "Config Service",
			summary: "Reset the document (every method on)",
			ok: {
				description: "The document",
				example: { version: 3, updatedAt: at, paymentMethods: { CASH: { enabled: true } } },
			},
		},
	},
	"/control/traces": {
		get: {
			tag: "Traces",
			summary: "Requests the sandbox received with a traceparent or X-Request-Id",
			query: { traceId: "Only this trace (32 lowercase hex digits)." },
			ok: {
				description: "Oldest first",
				example: {
					requests: [
						{
							at,
							method: "POST",
							path: "/partners/taxi/orders",
							traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
							traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
						},
					],
				},
			},
			errors: { 400: "VALIDATION_FAILED: not a trace id" },
		},
		delete: {
			tag: "Traces",
			summary: "Forget every recorded request",
			ok: { description: "Nothing left", example: { requests: [] } },
		},
	},
	"/partners/{type}/orders": {
		post: {
			tag: "Partner orders",
			summary: "Book (the orchestrator's call; steered by notes)",
			description: `Requires an \`Idempotency-Key\` header: a retry with the same key answers the same order. 201 for an order made now, 200 for a retry, 202 for PENDING (async). ${NOTES}`,
			body: BookOrderBody,
			example: {
				bookingId: order.bookingId,
				itemId: order.itemId,
				fleetId: "taxi-regular",
				quantity: 1,
				details: { notes: "sandbox:async-confirm" },
				passenger: { name: "Budi Santoso", phone: "+6281234567890" },
			},
			ok: {
				status: 201,
				description: "Booked",
				example: { partnerRef, bookingId: order.bookingId, itemId: order.itemId, status: "BOOKED" },
			},
			errors: {
				400: "IDEMPOTENCY_KEY_REQUIRED, VALIDATION_FAILED",
				422: "REJECTED (sandbox:reject)",
				503: "PARTNER_UNAVAILABLE or FAULT_INJECTED",
			},
		},
		get: {
			tag: "Partner orders",
			summary: "A booking's orders at this partner",
			query: { bookingId: "The orchestrator's booking id (required)." },
			ok: {
				description: "The orders",
				example: {
					orders: [
						{
							partnerRef,
							bookingId: order.bookingId,
							itemId: order.itemId,
							status: "BOOKED",
							fleetId: "taxi-regular",
							quantity: 1,
							createdAt: at,
							updatedAt: at,
						},
					],
				},
			},
			errors: { 400: "VALIDATION_FAILED: bookingId missing" },
		},
	},
	"/partners/{type}/orders/cancel-by-key": {
		post: {
			tag: "Partner orders",
			summary: "Cancel by the book call's idempotency key (the orchestrator's call)",
			body: CancelByKeyBody,
			example: { idempotencyKey: "bkg_4hT9q2ZxYvB7mN3kP8sR1w:oi_7Yh3Kd9QbX2mR5tN8vC1pZ:book" },
			ok: {
				description: "Canceled, or NOT_FOUND when nothing was booked",
				example: { status: "CANCELED", partnerRef },
			},
			errors: { 409: "ILLEGAL_TRANSITION", 503: "PARTNER_UNAVAILABLE or FAULT_INJECTED" },
		},
	},
	"/partners/{type}/orders/{partnerRef}": {
		get: {
			tag: "Partner orders",
			summary: "One order as the partner holds it",
			ok: { description: "The order", example: order },
			errors: { 404: "ORDER_NOT_FOUND" },
		},
	},
	"/partners/{type}/orders/{partnerRef}/cancel": {
		post: {
			tag: "Partner orders",
			summary: "Cancel by reference (the orchestrator's call)",
			ok: { description: "Canceled", example: { partnerRef, status: "CANCELED" } },
			errors: {
				404: "ORDER_NOT_FOUND",
				409: "ILLEGAL_TRANSITION",
				503: "PARTNER_UNAVAILABLE or FAULT_INJECTED (sandbox:cancel-fails:N)",
			},
		},
	},
	"/partners/{type}/orders/{partnerRef}/advance": {
		post: {
			tag: "Partner orders",
			summary: "Move an order on, as the partner would: a signed status callback follows",
			description:
				"DRIVER_ASSIGNED (with a vehicle and driver), then PICKED_UP, then COMPLETED; or CANCELED_BY_PARTNER (the item's share is refunded). The callback goes to the orchestrator's POST /v1/callbacks/order-items, signed with the partner's own secret.",
			body: AdvanceBody,
			example: { status: "DRIVER_ASSIGNED" },
			ok: { description: "The order", example: order },
			errors: { 404: "ORDER_NOT_FOUND", 409: "ILLEGAL_TRANSITION" },
		},
	},
	"/partners/{type}/orders/{partnerRef}/redeliver": {
		post: {
			tag: "Partner orders",
			summary: "Send the order's last status callback again (a duplicate, same event id)",
			ok: { description: "What the orchestrator answered", example: delivered },
			errors: { 404: "ORDER_NOT_FOUND", 409: "NO_WEBHOOK_EVENT" },
		},
	},
	"/payments/{paymentId}": {
		get: {
			tag: "Payments",
			summary: "A payment as the processor holds it",
			ok: { description: "The payment", example: payment },
			errors: { 404: "PAYMENT_NOT_FOUND" },
		},
	},
	"/payments/{paymentId}/simulate": {
		post: {
			tag: "Payments",
			summary: "Settle a payment without a browser (even after its link was voided or expired)",
			description:
				"The processor then sends its signed webhook to the orchestrator's POST /v1/callbacks/payment.",
			body: SimulateBody,
			example: { outcome: "PAID" },
			ok: { description: "The payment", example: payment },
			errors: { 404: "PAYMENT_NOT_FOUND", 409: "PAYMENT_FINAL: already settled otherwise" },
		},
	},
	"/payments/{paymentId}/redeliver": {
		post: {
			tag: "Payments",
			summary: "Send the payment's last webhook again (a duplicate, same event id)",
			ok: {
				description: "What the orchestrator answered",
				example: { eventId: "evt_1a2b3c", delivered: true, status: 200 },
			},
			errors: { 404: "PAYMENT_NOT_FOUND", 409: "NO_WEBHOOK_EVENT" },
		},
	},
	"/auth/token": {
		post: {
			tag: "Tokens",
			summary: "Mint a customer's or an operator's JWT",
			description:
				"`{ \"sub\" }` is a customer's token (audience TOKEN_AUDIENCE); with `role` it is an operator's for /internal/* (audience TOKEN_INTERNAL_AUDIENCE).",
			body: z.object({
				sub: z.string().min(1).max(128),
				ttlSeconds: z.number().int().optional(),
				audience: z.string().optional(),
				issuer: z.string().optional(),
				role: z.enum(["viewer", "operator"]).optional(),
			}),
			example: { sub: "cust_1" },
			ok: {
				description: "The token",
				example: {
					token: "eyJhbGciOiJSUzI1NiIsImtpZCI6InNhbmRib3gifQ.eyJzdWIiOiJjdXN0XzEifQ.c2lnbmF0dXJl",
					expiresAt: "2026-12-01T02:00:00.000Z",
				},
			},
			errors: { 400: "VALIDATION_FAILED or MALFORMED_JSON" },
		},
	},
};
