import type { OpenAPIHono } from "@hono/zod-openapi";
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

export function callbackRoutes(app: OpenAPIHono<AppEnv>): void {
	// The body must be verified byte for byte, so this handler reads it raw instead of through
	// the JSON validator; the route is still declared for the OpenAPI document.
	app.openAPIRegistry.registerPath(callbackPayment);
	app.post(callbackPayment.path.replaceAll(/{(\w+)}/g, ":$1"), async (c) => {
		const raw = await c.req.text();
		const body = await signedJson(c.env.PAYMENT_WEBHOOK_SECRET, c.req.header("x-signature"), raw);
		const parsed = PaymentWebhookSchema.safeParse(body);
		if (!parsed.success) throw validationError(parsed.error.issues);
		const event = parsed.data;
		const outcome = (await bookingStub(c.env, event.data.reference).paymentEvent({
			id: event.id,
			type: event.type,
			data: event.data,
		})) as EventOutcome;
		if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
		return c.json(
			{
				received: true,
				duplicate: outcome.duplicate,
				changed: outcome.changed,
				bookingStatus: outcome.status,
				paymentStatus: outcome.paymentStatus,
			},
			200,
		);
	});

	app.openAPIRegistry.registerPath(callbackOrderItem);
	app.post(callbackOrderItem.path, async (c) => {
		const raw = await c.req.text();
		const body = await signedJson(c.env.PARTNER_WEBHOOK_SECRET, c.req.header("x-signature"), raw);
		const parsed = OrderItemWebhookSchema.safeParse(body);
		if (!parsed.success) throw validationError(parsed.error.issues);
		const event = parsed.data;
		const booking = bookingStub(c.env, event.bookingId);
		if (event.status === "CONFIRMED" || event.status === "REJECTED") {
			// Async confirmations belong to the saga, which owns the booking step.
			const known = await c.env.SAGA.get(c.env.SAGA.idFromName(event.bookingId)).confirm(
				event.itemId,
				event.status === "CONFIRMED" ? "confirmed" : "rejected",
				event.partnerRef,
			);
			if (!known) throw new ApiError("BOOKING_NOT_FOUND", `No booking ${event.bookingId} is being booked.`);
			const { booking: current } = (await booking.inspect()) as { booking?: BookingState };
			return c.json(
				{
					received: true,
					duplicate: false,
					changed: true,
					bookingStatus: current?.status ?? "UNKNOWN",
					paymentStatus: current?.payment.status ?? "UNKNOWN",
				},
				200,
			);
		}
		const outcome = (await booking.partnerEvent(event.id, {
			itemId: event.itemId,
			status: event.status,
			...(event.vehicle ? { vehicle: event.vehicle } : {}),
			occurredAt: event.occurredAt ?? new Date().toISOString(),
		})) as EventOutcome;
		if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
		return c.json(
			{
				received: true,
				duplicate: outcome.duplicate,
				changed: outcome.changed,
				bookingStatus: outcome.status,
				paymentStatus: outcome.paymentStatus,
			},
			200,
		);
	});

	app.openAPIRegistry.registerPath(callbackReceipt);
	app.post(callbackReceipt.path, async (c) => {
		const body = await signedJson(
			c.env.DOCUMENT_WEBHOOK_SECRET,
			c.req.header("x-signature"),
			await c.req.text(),
		);
		const parsed = ReceiptWebhookSchema.safeParse(body);
		if (!parsed.success) throw validationError(parsed.error.issues);
		const { bookingId, documentId, url } = parsed.data;
		if (!(await bookingStub(c.env, bookingId).receiptReady(documentId, url))) {
			throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
		}
		return c.json({ received: true as const }, 200);
	});
}
