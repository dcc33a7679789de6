import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { CartItem } from "../../domain/cart";
import { quoteMismatches } from "../../domain/quote";
import type { CartOutcome } from "../../durable/cart";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import { derivedId, newId, sha256Hex } from "../../lib/ids";
import { promoGateway, sessionManager } from "../../partners";
import type { QuotedFleet } from "../../partners/session-manager";
import { cartStub, unwrap } from "./cart-stub";
import type * as routes from "./carts.routes";
import type { AddCartItemInput } from "./carts.schemas";

type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

export const createCart: Handler<typeof routes.createCart> = async (c) => {
	const customerId = c.get("customerId");
	const key = c.req.valid("header")["idempotency-key"];
	// With a key the id is derived from (customer, key), so a retry lands on the same cart.
	const cartId = key ? await derivedId("cart", customerId, key) : newId("cart");
	const outcome = unwrap(await cartStub(c.env, cartId).create(cartId, customerId), cartId);
	return c.json(outcome.cart, 201);
};

export const getCart: Handler<typeof routes.getCart> = async (c) => {
	const { cartId } = c.req.valid("param");
	const outcome = unwrap(await cartStub(c.env, cartId).read(c.get("customerId")), cartId);
	return c.json(outcome.cart, 200);
};

export const addCartItem: Handler<typeof routes.addCartItem> = async (c) => {
	const { cartId } = c.req.valid("param");
	const input = c.req.valid("json");
	const key = c.req.valid("header")["idempotency-key"];
	const customerId = c.get("customerId");
	const stub = cartStub(c.env, cartId);
	const idem = key ? { key, hash: await sha256Hex(JSON.stringify(input)) } : undefined;
	if (idem) {
		const previous = await stub.replay(customerId, idem);
		if (previous) return c.json(pick(unwrap(previous, cartId)), 201);
	}
	const item = await pricedItem(c.env, input);
	const outcome = unwrap(await stub.addItem(customerId, item, idem), cartId);
	return c.json(pick(outcome), 201);
};

const pick = (outcome: Extract<CartOutcome, { ok: true }>) => ({
	cart: outcome.cart,
	itemId: outcome.itemId ?? "",
});

/** Prices the line from the Session Manager's quote and checks it quotes what is being added. */
async function pricedItem(env: Env, input: AddCartItemInput): Promise<CartItem> {
	const lookup = await sessionManager(env).fleet(input.sessionId, input.fleetId);
	if (!lookup.ok) {
		if (lookup.code === "SESSION_EXPIRED") {
			throw new ApiError(
				"QUOTE_EXPIRED",
				`Search session ${input.sessionId} expired; search again for a fresh price.`,
			);
		}
		if (lookup.code === "FLEET_NOT_FOUND") {
			throw new ApiError(
				"FLEET_NOT_FOUND",
				`Fleet ${input.fleetId} is not part of search session ${input.sessionId}.`,
			);
		}
		throw new ApiError("SESSION_NOT_FOUND", `Search session ${input.sessionId} does not exist.`);
	}
	const { quote } = lookup;
	checkQuote(quote, input);
	return {
		id: newId("item"),
		businessType: input.businessType,
		fleetId: quote.fleet.fleetId,
		name: quote.fleet.name,
		quantity: input.quantity,
		unitPrice: quote.fleet.unitPrice,
		amount: quote.fleet.unitPrice * input.quantity,
		details: input.details,
		fareComponents: quote.fleet.fareComponents,
		sessionId: quote.sessionId,
		quoteExpiresAt: quote.expiresAt,
	};
}

function checkQuote(quote: QuotedFleet, input: AddCartItemInput): void {
	if (Date.parse(quote.expiresAt) <= Date.now()) {
		throw new ApiError(
			"QUOTE_EXPIRED",
			`Search session ${input.sessionId} expired; search again for a fresh price.`,
		);
	}
	if (quote.businessType !== input.businessType) {
		throw new ApiError(
			"BUSINESS_TYPE_MISMATCH",
			`Search session ${input.sessionId} is for ${quote.businessType}, not ${input.businessType}.`,
			[{ path: "businessType", message: `Must be ${quote.businessType}` }],
		);
	}
	const mismatches = quoteMismatches(
		input.businessType,
		quote.details,
		input.details,
		quote.fleet.attributes,
	);
	if (mismatches.length > 0) {
		throw new ApiError(
			"DETAILS_MISMATCH",
			"The item's details differ from what the search priced; search again with these details.",
			mismatches.map((path) => ({ path, message: "Differs from the searched value" })),
		);
	}
}

export const setQuantity: Handler<typeof routes.setQuantity> = async (c) => {
	const { cartId, itemId } = c.req.valid("param");
	const { quantity } = c.req.valid("json");
	const outcome = await cartStub(c.env, cartId).setQuantity(c.get("customerId"), itemId, quantity);
	return c.json(unwrap(outcome, cartId, itemId).cart, 200);
};

export const deleteCartItem: Handler<typeof routes.deleteCartItem> = async (c) => {
	const { cartId, itemId } = c.req.valid("param");
	const outcome = await cartStub(c.env, cartId).removeItem(c.get("customerId"), itemId);
	return c.json(unwrap(outcome, cartId, itemId).cart, 200);
};

export const applyPromo: Handler<typeof routes.applyPromo> = async (c) => {
	const { cartId } = c.req.valid("param");
	const { code } = c.req.valid("json");
	const stub = cartStub(c.env, cartId);
	const lookup = await promoGateway(c.env).lookup(code.toUpperCase());
	if (!lookup.ok) throw new ApiError(lookup.code, lookup.message);
	const outcome = await stub.applyPromo(c.get("customerId"), lookup.rule);
	return c.json(unwrap(outcome, cartId).cart, 200);
};

export const removePromo: Handler<typeof routes.removePromo> = async (c) => {
	const { cartId } = c.req.valid("param");
	const outcome = await cartStub(c.env, cartId).removePromo(c.get("customerId"));
	return c.json(unwrap(outcome, cartId).cart, 200);
};
