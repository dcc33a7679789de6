import type { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { BookingState } from "../../domain/booking";
import type { EventOutcome } from "../../durable/booking";
import type { AppEnv } from "../../lib/app-env";
import { ApiError, validationError } from "../../lib/errors";
import { bookingStub } from "../bookings/booking-stub";
import {
	callbackOrderItem,
	callbackPayment,
	callbackReceipt,
	OrderItemWebhookSchema,
	PaymentWebhookSchema,
	ReceiptWebhookSchema,
} from "./callbacks.routes";
import { signedJson } from "./signed";

/**
 * Callbacks are verified byte for byte, so handlers read the raw body instead of going through
 * the JSON validator; the routes are still declared for the OpenAPI document.
 */
async function verified<S extends z.ZodType>(
	c: Context<AppEnv>,
	secret: string | undefined,
	schema: S,
): Promise<z.infer<S>> {
	const body = await signedJson(secret, c.req.header("x-signature"), await c.req.text());
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw validationError(parsed.error.issues);
	return parsed.data;
}

function ack(c: Context<AppEnv>, outcome: EventOutcome) {
	if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
	const { duplicate, changed, status: bookingStatus, paymentStatus } = outcome;
	return c.json({ received: true, duplicate, changed, bookingStatus, paymentStatus }, 200);
}

export function callbackRoutes(app: OpenAPIHono<AppEnv>): void {
	for (const route of [callbackPayment, callbackOrderItem, callbackReceipt])
		app.openAPIRegistry.registerPath(route);

	app.post(callbackPayment.path, async (c) => {
		const event = await verified(c, c.env.PAYMENT_WEBHOOK_SECRET, PaymentWebhookSchema);
		const stub = bookingStub(c.env, event.data.reference);
		return ack(
			c,
			(await stub.paymentEvent({ id: event.id, type: event.type, data: event.data })) as EventOutcome,
		);
	});

	app.post(callbackOrderItem.path, async (c) => {
		const event = await verified(c, c.env.PARTNER_WEBHOOK_SECRET, OrderItemWebhookSchema);
		const booking = bookingStub(c.env, event.bookingId);
		if (event.status === "CONFIRMED" || event.status === "REJECTED") {
			// Async confirmations belong to the saga, which owns the booking step.
			const saga = c.env.SAGA.get(c.env.SAGA.idFromName(event.bookingId));
			const known = await saga.confirm(
				event.itemId,
				event.status === "CONFIRMED" ? "confirmed" : "rejected",
				event.partnerRef,
			);
			if (!known) throw new ApiError("BOOKING_NOT_FOUND", `No booking ${event.bookingId} is being booked.`);
			const { booking: current } = (await booking.inspect()) as { booking?: BookingState };
			const status = current?.status ?? "UNKNOWN";
			return ack(c, {
				ok: true,
				duplicate: false,
				changed: true,
				status,
				paymentStatus: current?.payment.status ?? "UNKNOWN",
			});
		}
		const update = {
			itemId: event.itemId,
			status: event.status,
			...(event.vehicle ? { vehicle: event.vehicle } : {}),
			occurredAt: event.occurredAt ?? new Date().toISOString(),
		};
		return ack(c, (await booking.partnerEvent(event.id, update)) as EventOutcome);
	});

	app.post(callbackReceipt.path, async (c) => {
		const { bookingId, documentId, url } = await verified(
			c,
			c.env.DOCUMENT_WEBHOOK_SECRET,
			ReceiptWebhookSchema,
		);
		if (!(await bookingStub(c.env, bookingId).receiptReady(documentId, url))) {
			throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
		}
		return c.json({ received: true as const }, 200);
	});
}
