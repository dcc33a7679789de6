import type { Context } from "hono";
import type { BookingView } from "../../domain/booking";
import type { PaymentMethod } from "../../domain/payment-methods";
import { customerOf } from "../../durable/stubs";
import type { AppEnv } from "../../lib/app-env";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { issueGuestToken, verifyGuestToken } from "../../lib/guest-token";
import { derivedId, newId, sha256Hex } from "../../lib/ids";
import { settingsOf } from "../../lib/settings";
import { bookingSocket, cancelBooking, readBooking, receiptOf } from "../bookings/booking-stub";
import { cartStub, unwrap } from "../carts/cart-stub";
import { pricedItem } from "../carts/priced-item";
import { checkout, priceLines, promoRule } from "./checkout";
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
	const origin = new URL(c.req.url).origin;
	if (input.returnUrl && new URL(input.returnUrl).origin !== origin) {
		throw new ApiError("VALIDATION_FAILED", "returnUrl must be a page of this site.", [
			{ path: "returnUrl", message: `Must be on ${origin}` },
		]);
	}
	const stub = cartStub(c.env, cartId);
	// Concurrent repeats: the first makes the cart with every line in one step, the rest find it.
	const existing = claimed ? await stub.read(guestId) : undefined;
	if (!existing?.ok) {
		const [items, promo] = await Promise.all([
			Promise.all(input.items.map((item) => pricedItem(c.env, item))),
			input.promoCode ? promoRule(c.env, input.promoCode, WEB_PROMO_HINT) : undefined,
		]);
		unwrap(await stub.createWith(cartId, guestId, items, promo), cartId);
	}
	const { booking } = await checkout(c.env, {
		cartId,
		ownerId: guestId,
		channel: "WEB",
		method: input.paymentMethod,
		customer: input.customer,
		webOrigin: origin,
		...(input.returnUrl ? { returnUrl: input.returnUrl } : {}),
	});
	await claimed?.settle(booking.id);
	return answer(booking);
};

/** A promo the guest cannot remove from a cart: they order without the code instead. */
const WEB_PROMO_HINT = "Order without the promo code, or try another.";

export const previewWebOrder: AppRouteHandler<typeof routes.previewWebOrder> = async (c) => {
	const input = c.req.valid("json");
	await requireEnabled(c.env, input.paymentMethod);
	const lines = await Promise.all(input.items.map((item) => pricedItem(c.env, item)));
	const { pricing, fees } = await priceLines(
		c.env,
		lines,
		input.promoCode,
		input.paymentMethod,
		WEB_PROMO_HINT,
	);
	return c.json(
		{
			...pricing,
			...(input.promoCode ? { promoCode: input.promoCode.toUpperCase() } : {}),
			serviceFees: fees,
			items: lines.map(({ businessType, fleetId, name, quantity, unitPrice, amount }) => ({
				businessType,
				fleetId,
				name,
				quantity,
				unitPrice,
				amount,
			})),
		},
		200,
	);
};

/** The guest the booking's access token names; any other token, or none, is 401. */
function guestOf(c: Context<AppEnv>, bookingId: string, token = bearerToken(c)): Promise<string> {
	return verifyGuestToken(c.env.GUEST_TOKEN_SECRET, token, bookingId);
}

const bearerToken = (c: Context<AppEnv>) => c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];

export const getOrderDetailWeb: AppRouteHandler<typeof routes.getOrderDetailWeb> = async (c) => {
	const { bookingId } = c.req.valid("param");
	return c.json(await readBooking(c.env, bookingId, await guestOf(c, bookingId)), 200);
};

export const getOrderReceiptWeb: AppRouteHandler<typeof routes.getOrderReceiptWeb> = async (c) => {
	const { bookingId } = c.req.valid("param");
	const answer = receiptOf(await readBooking(c.env, bookingId, await guestOf(c, bookingId)));
	return "url" in answer ? c.json(answer, 200) : c.json(answer, 202);
};

export const cancelOrderWeb: AppRouteHandler<typeof routes.cancelOrderWeb> = async (c) => {
	const { bookingId } = c.req.valid("param");
	return c.json(await cancelBooking(c.env, bookingId, await guestOf(c, bookingId)), 200);
};

/**
 * The booking's live view over a WebSocket, accepted by its Durable Object (hibernation API).
 * The token is checked here, before any upgrade; the query form exists because browsers cannot
 * set headers on a WebSocket (the request log line never carries query strings).
 */
export const watchOrderWeb: AppRouteHandler<typeof routes.watchOrderWeb> = async (c) => {
	const { bookingId } = c.req.valid("param");
	const guestId = await guestOf(c, bookingId, bearerToken(c) ?? c.req.valid("query").token);
	if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
		throw new ApiError(
			"UPGRADE_REQUIRED",
			"Open this route as a WebSocket (Upgrade: websocket).",
			undefined,
			{
				upgrade: "websocket",
			},
		);
	}
	return (await bookingSocket(c.env, bookingId, guestId, c.req.raw)) as never;
};
