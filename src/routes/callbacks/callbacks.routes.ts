import { createRoute, z } from "@hono/zod-openapi";
import { webhookSecret } from "../../lib/webhook-secrets";
import { json, problems } from "../shared/responses";
import { idSchema, VehicleSchema } from "../shared/schemas";
import { observed } from "./observed";
import { claimedPartner, signed } from "./signed";

export const PaymentWebhookSchema = z
	.object({
		id: idSchema("Event id; redeliveries repeat it.", "evt_1a2b3c"),
		type: z.enum(["payment.paid", "payment.failed", "payment.canceled", "refund.succeeded"]),
		createdAt: z.string().optional(),
		data: z.object({
			paymentId: idSchema("The processor's payment id.", "pay_4f1c2b"),
			reference: idSchema("The booking id.", "bkg_4hT9q2ZxYvB7mN3kP8sR1w"),
			amount: z.number().int().nonnegative(),
			currency: z.string().optional(),
			method: z.string().optional(),
			status: z.string().optional(),
			paidAt: z.string().optional(),
			refund: z
				.object({
					refundId: idSchema("The processor's refund id.", "rf_8d2e1a"),
					amount: z.number().int(),
					status: z.string().optional(),
					reference: idSchema(
						"The refund's key as the orchestrator asked for it, echoed back.",
						"bkg_4hT9q2ZxYvB7mN3kP8sR1w:refund",
					).optional(),
				})
				.optional(),
		}),
	})
	.openapi("PaymentWebhook");

export const WebhookAck = z
	.object({
		received: z.literal(true),
		duplicate: z.boolean().openapi({ description: "The event was seen before; nothing changed." }),
		changed: z.boolean(),
		bookingStatus: z.string(),
		paymentStatus: z.string(),
	})
	.openapi("WebhookAck");

export const callbackPayment = createRoute({
	method: "post",
	path: "/v1/callbacks/payment",
	operationId: "CallbackPaymentInformation",
	summary: "Payment processor webhook",
	description:
		'Signed with `X-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (300 s tolerance). Duplicates answer 200 and change nothing; out-of-order events never move a state backwards; a PAID after cancel or expiry is recorded and refunded.',
	tags: ["Callbacks"],
	middleware: [observed("payment"), signed((env) => webhookSecret(env, "PAYMENT_WEBHOOK_SECRET"))],
	request: {
		headers: z.object({ "x-signature": z.string().optional().openapi({ example: "t=1764300000,v1=5f2b…" }) }),
		body: { required: true, content: { "application/json": { schema: PaymentWebhookSchema } } },
	},
	responses: {
		200: json(WebhookAck, "Processed (or already processed)"),
		...problems("SIGNATURE_INVALID", "BOOKING_NOT_FOUND", "AMOUNT_MISMATCH", "PAYMENT_MISMATCH"),
	},
});

export const OrderItemWebhookSchema = z
	.object({
		id: idSchema("Event id; redeliveries repeat it.", "evt_1a2b3c"),
		partnerRef: idSchema("The partner's order reference, as its book call answered.", "taxi_a8e98229b318"),
		bookingId: idSchema("The booking id.", "bkg_4hT9q2ZxYvB7mN3kP8sR1w"),
		itemId: idSchema("The order item id.", "oi_7Yh3Kd9QbX2mR5tN8vC1pZ"),
		businessType: z.enum(["TAXI", "RENT", "DELIVERY", "SHUTTLE"]),
		status: z.enum([
			"CONFIRMED",
			"REJECTED",
			"DRIVER_ASSIGNED",
			"PICKED_UP",
			"COMPLETED",
			"CANCELED_BY_PARTNER",
		]),
		vehicle: VehicleSchema.optional(),
		occurredAt: z.string().optional(),
	})
	.openapi("OrderItemWebhook");

export const callbackOrderItem = createRoute({
	method: "post",
	path: "/v1/callbacks/order-items",
	operationId: "CallbackOrderItem",
	summary: "Partner status callback for an order item",
	description:
		"Signed like the payment webhook, with the partners' secret. CONFIRMED/REJECTED settle an asynchronous booking; DRIVER_ASSIGNED, PICKED_UP, COMPLETED and CANCELED_BY_PARTNER move the item on. Duplicates and stale statuses change nothing.",
	tags: ["Callbacks"],
	middleware: [observed("partner"), signed(claimedPartner)],
	request: {
		headers: z.object({ "x-signature": z.string().optional() }),
		body: { required: true, content: { "application/json": { schema: OrderItemWebhookSchema } } },
	},
	responses: {
		200: json(WebhookAck, "Processed (or already processed)"),
		...problems("SIGNATURE_INVALID", "BOOKING_NOT_FOUND", "ITEM_NOT_FOUND"),
	},
});

export const ReceiptWebhookSchema = z
	.object({
		id: idSchema("Event id; redeliveries repeat it.", "evt_1a2b3c"),
		documentId: idSchema("The document the orchestrator asked for.", "doc_5e2f"),
		bookingId: idSchema("The booking id.", "bkg_4hT9q2ZxYvB7mN3kP8sR1w"),
		url: z.url().max(2048),
		occurredAt: z.string().optional(),
	})
	.openapi("ReceiptWebhook");

export const callbackReceipt = createRoute({
	method: "post",
	path: "/v1/callbacks/receipt",
	operationId: "CallbackReceipt",
	summary: "Document generator callback: a receipt is ready",
	description: "Signed like the payment webhook, with the document generator's secret. Repeats are harmless.",
	tags: ["Callbacks"],
	middleware: [observed("receipt"), signed((env) => webhookSecret(env, "DOCUMENT_WEBHOOK_SECRET"))],
	request: {
		headers: z.object({ "x-signature": z.string().optional() }),
		body: { required: true, content: { "application/json": { schema: ReceiptWebhookSchema } } },
	},
	responses: {
		200: json(z.object({ received: z.literal(true) }), "Recorded"),
		...problems("SIGNATURE_INVALID", "BOOKING_NOT_FOUND"),
	},
});
