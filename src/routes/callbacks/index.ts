import type { OpenAPIHono } from "@hono/zod-openapi";
import type { EventOutcome } from "../../durable/booking";
import type { AppEnv } from "../../lib/app-env";
import { ApiError, validationError } from "../../lib/errors";
import { verify } from "../../lib/signature";
import { bookingStub } from "../bookings/booking-stub";
import { callbackPayment, PaymentWebhookSchema } from "./callbacks.routes";

/** Reads the raw body and checks its signature before anything is parsed or changed. */
async function signedBody(
	secret: string | undefined,
	signature: string | undefined,
	raw: string,
): Promise<unknown> {
	if (!secret) throw new Error("PAYMENT_WEBHOOK_SECRET is not configured");
	const check = await verify(secret, signature, raw, Math.floor(Date.now() / 1000));
	if (!check.ok) {
		const why = {
			MISSING: "The X-Signature header is missing.",
			MALFORMED: "The X-Signature header is malformed.",
			STALE: "The signature timestamp is outside the 300 s tolerance.",
			MISMATCH: "The signature does not match the body.",
		};
		throw new ApiError("SIGNATURE_INVALID", why[check.reason]);
	}
	try {
		return JSON.parse(raw);
	} catch {
		throw new ApiError("VALIDATION_FAILED", "The request body is not valid JSON.", [
			{ path: "body", message: "Malformed JSON" },
		]);
	}
}

export function callbackRoutes(app: OpenAPIHono<AppEnv>): void {
	// The body must be verified byte for byte, so this handler reads it raw instead of through
	// the JSON validator; the route is still declared for the OpenAPI document.
	app.openAPIRegistry.registerPath(callbackPayment);
	app.post(callbackPayment.path.replaceAll(/{(\w+)}/g, ":$1"), async (c) => {
		const raw = await c.req.text();
		const body = await signedBody(c.env.PAYMENT_WEBHOOK_SECRET, c.req.header("x-signature"), raw);
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
}
