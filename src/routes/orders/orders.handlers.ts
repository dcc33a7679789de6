import type { BookingView } from "../../domain/booking";
import type { PaymentMethod } from "../../domain/payment-methods";
import { customerOf } from "../../durable/stubs";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { issueGuestToken, verifyGuestToken } from "../../lib/guest-token";
import { derivedId, newId, sha256Hex } from "../../lib/ids";
import { settingsOf } from "../../lib/settings";
import { readBooking } from "../bookings/booking-stub";
import { cartStub, unwrap } from "../carts/cart-stub";
import { pricedItem } from "../carts/priced-item";
import { checkout } from "./checkout";
import type * as routes from "./orders.routes";

const paymentOf = (booking: BookingView) => ({
	status: booking.payment.status,
	...(booking.payment.url ? { url: booking.payment.url } : {}),
	...(booking.payment.expiresAt ? { expiresAt: booking.payment.expiresAt } : {}),
});

/**
 * Binds an Idempotency-Key to the request body, in the owner's CustomerDO. Another body is a
 * 409 that reveals nothing; a replay answers with the booking the first request made.
 */
async function claim(env: Env, ownerId: string, key: string, input: unknown) {
	const customer = customerOf(env, ownerId);
	const claimed = await customer.claimIdempotencyKey(key, await sha256Hex(JSON.stringify(input)));
	if (claimed.claim === "conflict") throw new ApiError("IDEMPOTENCY_KEY_REUSED");
	return {
		replayOf: claimed.claim === "replay" ? claimed.bookingId : undefined,
		settle: (bookingId: string) => customer.settleIdempotencyKey(key, bookingId),
	};
}

/** A method switched off in the dynamic configuration takes no order; nothing is reserved. */
async function requireEnabled(env: Env, method: PaymentMethod): Promise<void> {
	const setting = (await settingsOf(env)).methods[method];
	if (!setting.enabled) {
		throw new ApiError(
			"PAYMENT_METHOD_DISABLED",
			setting.disabledMessage ?? `${method} cannot be used right now; choose another payment method.`,
		);
	}
}

export const createOrder: AppRouteHandler<typeof routes.createOrder> = async (c) => {
	const input = c.req.valid("json");
	const key = c.req.valid("header")["idempotency-key"];
	const ownerId = c.get("customerId");
	const claimed = key ? await claim(c.env, ownerId, `order:${key}`, input) : undefined;
	if (claimed?.replayOf) {
		const booking = await readBooking(c.env, claimed.replayOf, ownerId);
		return c.json({ booking, payment: paymentOf(booking) }, 201);
	}
	await requireEnabled(c.env, input.paymentMethod);
	const { booking } = await checkout(c.env, {
		cartId: input.cartId,
		ownerId,
		channel: "APP",
		method: input.paymentMethod,
		customer: input.customer,
		passengers: input.passengers,
	});
	await claimed?.settle(booking.id);
	return c.json({ booking, payment: paymentOf(booking) }, 201);
};

export const createOrderWeb: AppRouteHandler<typeof routes.createOrderWeb> = async (c) => {
	const input = c.req.valid("json");
	const key = c.req.valid("header")["idempotency-key"];
	// With a key, guest and cart are derived from it, so a retry lands on the same booking.
	const guestId = key ? await derivedId("guest", "web", key) : newId("guest");
	const cartId = key ? await derivedId("cart", "web", key) : newId("cart");
	// The key is bound to the body before anything is looked at: another body learns nothing.
	const claimed = key ? await claim(c.env, guestId, `web-order:${key}`, input) : undefined;
	const answer = async (booking: BookingView) => {
		const accessToken = await issueGuestToken(
			c.env.GUEST_TOKEN_SECRET,
			guestId,
			booking.id,
			booking.createdAt,
		);
		return c.json({ booking, payment: paymentOf(booking), accessToken }, 201);
	};
	if (claimed?.replayOf) return answer(await readBooking(c.env, claimed.replayOf, guestId));
	await requireEnabled(c.env, input.paymentMethod);
	const stub = cartStub(c.env, cartId);
	// Concurrent repeats: the first makes the cart with every line in one step, the rest find it.
	const existing = claimed ? await stub.read(guestId) : undefined;
	if (!existing?.ok) {
		const items = await Promise.all(input.items.map((item) => pricedItem(c.env, item)));
		unwrap(await stub.createWith(cartId, guestId, items), cartId);
	}
	const { booking } = await checkout(c.env, {
		cartId,
		ownerId: guestId,
		channel: "WEB",
		method: input.paymentMethod,
		customer: input.customer,
	});
	await claimed?.settle(booking.id);
	return answer(booking);
};

export const getOrderDetailWeb: AppRouteHandler<typeof routes.getOrderDetailWeb> = async (c) => {
	const { bookingId } = c.req.valid("param");
	const token = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
	const guestId = await verifyGuestToken(c.env.GUEST_TOKEN_SECRET, token, bookingId);
	return c.json(await readBooking(c.env, bookingId, guestId), 200);
};
