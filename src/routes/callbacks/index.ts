import type { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { BookingState } from "../../domain/booking";
import { BUSINESS_TYPES } from "../../domain/business";
import type { EventOutcome, ReceiptOutcome } from "../../durable/booking";
import type { ConfirmOutcome } from "../../durable/saga";
import type { AppEnv } from "../../lib/app-env";
import { ApiError, validationError } from "../../lib/errors";
import { partnerSecret, type WebhookSecret, webhookSecret } from "../../lib/webhook-secrets";
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
	secret: WebhookSecret | readonly WebhookSecret[],
	schema: S,
	raw?: string,
): Promise<z.infer<S>> {
	const body = await signedJson(secret, c.req.header("x-signature"), raw ?? (await rawBody(c)));
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw validationError(parsed.error.issues);
	return parsed.data;
}

/** The body's bytes as UTF-8 text, whatever content type the caller claims (signatures cover bytes). */
async function rawBody(c: Context<AppEnv>): Promise<string> {
	return new TextDecoder().decode(await c.req.arrayBuffer());
}

function ack(c: Context<AppEnv>, outcome: EventOutcome) {
	if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
	const { duplicate, changed, status: bookingStatus, paymentStatus } = outcome;
	return c.json({ received: true, duplicate, changed, bookingStatus, paymentStatus }, 200);
}

/**
 * The partner a status callback claims to come from: its signature must be that partner's.
 * When the body does not say (it is not JSON, or names no partner), any partner's signature
 * lets it through to validation, which then says what is wrong with it.
 */
function claimedSecrets(env: Env, raw: string): WebhookSecret | WebhookSecret[] {
	let claimed: unknown;
	try {
		claimed = (JSON.parse(raw) as { businessType?: unknown } | null)?.businessType;
	} catch {
		claimed = undefined;
	}
	const type = BUSINESS_TYPES.find((t) => t === claimed);
	return type ? partnerSecret(env, type) : BUSINESS_TYPES.map((t) => partnerSecret(env, t));
}

export function callbackRoutes(app: OpenAPIHono<AppEnv>): void {
	for (const route of [callbackPayment, callbackOrderItem, callbackReceipt])
		app.openAPIRegistry.registerPath(route);

	app.post(callbackPayment.path, async (c) => {
		const event = await verified(c, webhookSecret(c.env, "PAYMENT_WEBHOOK_SECRET"), PaymentWebhookSchema);
		const stub = bookingStub(c.env, event.data.reference);
		return ack(
			c,
			(await stub.paymentEvent({ id: event.id, type: event.type, data: event.data })) as EventOutcome,
		);
	});

	app.post(callbackOrderItem.path, async (c) => {
		const raw = await rawBody(c);
		const event = await verified(c, claimedSecrets(c.env, raw), OrderItemWebhookSchema, raw);
		const booking = bookingStub(c.env, event.bookingId);
		if (event.status === "CONFIRMED" || event.status === "REJECTED") {
			// Async confirmations belong to the saga, which owns the booking step.
			const saga = c.env.SAGA.get(c.env.SAGA.idFromName(event.bookingId));
			const confirmed = (await saga.confirm({
				itemId: event.itemId,
				businessType: event.businessType,
				partnerRef: event.partnerRef,
				verdict: event.status === "CONFIRMED" ? "confirmed" : "rejected",
			})) as ConfirmOutcome;
			if (!confirmed.ok) throw new ApiError(confirmed.code, confirmed.detail);
			const { booking: current } = (await booking.inspect()) as { booking?: BookingState };
			const status = current?.status ?? "UNKNOWN";
			return ack(c, {
				ok: true,
				duplicate: confirmed.duplicate,
				changed: !confirmed.duplicate,
				status,
				paymentStatus: current?.payment.status ?? "UNKNOWN",
			});
		}
		const update = {
			itemId: event.itemId,
			businessType: event.businessType,
			partnerRef: event.partnerRef,
			status: event.status,
			...(event.vehicle ? { vehicle: event.vehicle } : {}),
			occurredAt: event.occurredAt ?? new Date().toISOString(),
		};
		return ack(c, (await booking.partnerEvent(event.id, update)) as EventOutcome);
	});

	app.post(callbackReceipt.path, async (c) => {
		const { bookingId, documentId, url } = await verified(
			c,
			webhookSecret(c.env, "DOCUMENT_WEBHOOK_SECRET"),
			ReceiptWebhookSchema,
		);
		const outcome = (await bookingStub(c.env, bookingId).receiptReady(documentId, url)) as ReceiptOutcome;
		if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
		return c.json({ received: true as const }, 200);
	});
}
