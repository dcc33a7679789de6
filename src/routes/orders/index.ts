import type { OpenAPIHono } from "@hono/zod-openapi";
import type { BookingView } from "../../domain/booking";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import { issueGuestToken, verifyGuestToken } from "../../lib/guest-token";
import { derivedId, newId, sha256Hex } from "../../lib/ids";
import { readBooking } from "../bookings/booking-stub";
import { cartStub, unwrap } from "../carts/cart-stub";
import { pricedItem } from "../carts/priced-item";
import { checkout } from "./checkout";
import * as routes from "./orders.routes";

const paymentOf = (booking: BookingView) => ({
	status: booking.payment.status,
	...(booking.payment.url ? { url: booking.payment.url } : {}),
	...(booking.payment.expiresAt ? { expiresAt: booking.payment.expiresAt } : {}),
});

export function orderRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openapi(routes.createOrder, async (c) => {
		const input = c.req.valid("json");
		const key = c.req.valid("header")["idempotency-key"];
		const ownerId = c.get("customerId");
		if (key) {
			const customer = c.env.CUSTOMER.get(c.env.CUSTOMER.idFromName(ownerId));
			if (
				(await customer.claimIdempotencyKey(`order:${key}`, await sha256Hex(JSON.stringify(input)))) ===
				"conflict"
			) {
				throw new ApiError(
					"IDEMPOTENCY_KEY_REUSED",
					"This Idempotency-Key was already used with a different request; use a new key.",
				);
			}
		}
		const { booking } = await checkout(c.env, {
			cartId: input.cartId,
			ownerId,
			channel: "APP",
			method: input.paymentMethod,
			customer: input.customer,
			passengers: input.passengers,
		});
		return c.json({ booking, payment: paymentOf(booking) }, 201);
	});

	app.openapi(routes.createOrderWeb, async (c) => {
		const input = c.req.valid("json");
		const key = c.req.valid("header")["idempotency-key"];
		// With a key, guest and cart are derived from it, so a retry lands on the same booking.
		const hash = await sha256Hex(JSON.stringify(input));
		const guestId = key ? await derivedId("guest", "web", key) : newId("guest");
		const cartId = key ? await derivedId("cart", "web", key) : newId("cart");
		const stub = cartStub(c.env, cartId);
		const created = unwrap(await stub.create(cartId, guestId), cartId);
		if (key && created.cart.items.length === 0) {
			const customer = c.env.CUSTOMER.get(c.env.CUSTOMER.idFromName(guestId));
			if ((await customer.claimIdempotencyKey(`web-order:${key}`, hash)) === "conflict") {
				throw new ApiError(
					"IDEMPOTENCY_KEY_REUSED",
					"This Idempotency-Key was already used with a different request; use a new key.",
				);
			}
		}
		if (created.cart.status === "OPEN" && created.cart.items.length === 0) {
			const items = await Promise.all(input.items.map((item) => pricedItem(c.env, item)));
			for (const item of items) unwrap(await stub.addItem(guestId, item), cartId);
		}
		const { booking } = await checkout(c.env, {
			cartId,
			ownerId: guestId,
			channel: "WEB",
			method: input.paymentMethod,
			customer: input.customer,
		});
		const accessToken = await issueGuestToken(c.env.GUEST_TOKEN_SECRET, guestId, booking.id);
		return c.json({ booking, payment: paymentOf(booking), accessToken }, 201);
	});

	app.openapi(routes.getOrderDetailWeb, async (c) => {
		const { bookingId } = c.req.valid("param");
		const token = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
		const guestId = await verifyGuestToken(c.env.GUEST_TOKEN_SECRET, token, bookingId);
		return c.json(await readBooking(c.env, bookingId, guestId), 200);
	});
}
