import type { Context } from "hono";
import type { EventOutcome } from "../../durable/booking";
import { sagaOf } from "../../durable/stubs";
import type { AppEnv } from "../../lib/app-env";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { bookingStub } from "../bookings/booking-stub";
import type * as routes from "./callbacks.routes";

/** Callbacks arrive here signed and validated (see signed.ts and the routes' schemas). */
function ack(c: Context<AppEnv>, outcome: EventOutcome) {
	if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
	const { duplicate, changed, status: bookingStatus, paymentStatus } = outcome;
	c.set("webhookResult", duplicate ? "duplicate" : "applied");
	return c.json({ received: true as const, duplicate, changed, bookingStatus, paymentStatus }, 200);
}

export const callbackPayment: AppRouteHandler<typeof routes.callbackPayment> = async (c) => {
	const event = c.req.valid("json");
	const stub = bookingStub(c.env, event.data.reference);
	return ack(c, await stub.paymentEvent({ id: event.id, type: event.type, data: event.data }));
};

export const callbackOrderItem: AppRouteHandler<typeof routes.callbackOrderItem> = async (c) => {
	const event = c.req.valid("json");
	const booking = bookingStub(c.env, event.bookingId);
	if (event.status === "CONFIRMED" || event.status === "REJECTED") {
		// Async confirmations belong to the saga, which owns the booking step.
		const confirmed = await sagaOf(c.env, event.bookingId).confirm({
			itemId: event.itemId,
			businessType: event.businessType,
			partnerRef: event.partnerRef,
			verdict: event.status === "CONFIRMED" ? "confirmed" : "rejected",
		});
		if (!confirmed.ok) throw new ApiError(confirmed.code, confirmed.detail);
		const { booking: current } = await booking.inspect();
		return ack(c, {
			ok: true,
			duplicate: confirmed.duplicate,
			changed: !confirmed.duplicate,
			status: current?.status ?? "UNKNOWN",
			paymentStatus: current?.payment.status ?? "UNKNOWN",
		});
	}
	return ack(
		c,
		await booking.partnerEvent(event.id, {
			itemId: event.itemId,
			businessType: event.businessType,
			partnerRef: event.partnerRef,
			status: event.status,
			...(event.vehicle ? { vehicle: event.vehicle } : {}),
			occurredAt: event.occurredAt ?? new Date().toISOString(),
		}),
	);
};

export const callbackReceipt: AppRouteHandler<typeof routes.callbackReceipt> = async (c) => {
	const { bookingId, documentId, url } = c.req.valid("json");
	const outcome = await bookingStub(c.env, bookingId).receiptReady(documentId, url);
	if (!outcome.ok) throw new ApiError(outcome.code, outcome.detail);
	return c.json({ received: true as const }, 200);
};
