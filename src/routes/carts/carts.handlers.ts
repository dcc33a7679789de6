import type { CartOutcome } from "../../durable/cart";
import type { AppRouteHandler as Handler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { derivedId, newId, sha256Hex } from "../../lib/ids";
import { promoGateway } from "../../partners";
import { answered } from "../shared/upstream";
import { cartStub, priced, unwrap } from "./cart-stub";
import type * as routes from "./carts.routes";
import { pricedItem } from "./priced-item";

export const createCart: Handler<typeof routes.createCart> = async (c) => {
	const customerId = c.get("customerId");
	const key = c.req.valid("header")["idempotency-key"];
	// With a key the id is derived from (customer, key), so a retry lands on the same cart.
	const cartId = key ? await derivedId("cart", customerId, key) : newId("cart");
	const outcome = unwrap(await cartStub(c.env, cartId).create(cartId, customerId), cartId);
	return c.json(await priced(c.env, outcome.cart), 201);
};

export const getCart: Handler<typeof routes.getCart> = async (c) => {
	const { cartId } = c.req.valid("param");
	const outcome = unwrap(await cartStub(c.env, cartId).read(c.get("customerId")), cartId);
	return c.json(await priced(c.env, outcome.cart), 200);
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
		if (previous) return c.json(await pick(c.env, unwrap(previous, cartId)), 201);
	}
	const item = await pricedItem(c.env, input);
	const outcome = unwrap(await stub.addItem(customerId, item, idem), cartId);
	return c.json(await pick(c.env, outcome), 201);
};

const pick = async (env: Env, outcome: Extract<CartOutcome, { ok: true }>) => ({
	cart: await priced(env, outcome.cart),
	itemId: outcome.itemId ?? "",
});

export const setQuantity: Handler<typeof routes.setQuantity> = async (c) => {
	const { cartId, itemId } = c.req.valid("param");
	const { quantity } = c.req.valid("json");
	const outcome = await cartStub(c.env, cartId).setQuantity(c.get("customerId"), itemId, quantity);
	return c.json(await priced(c.env, unwrap(outcome, cartId, itemId).cart), 200);
};

export const deleteCartItem: Handler<typeof routes.deleteCartItem> = async (c) => {
	const { cartId, itemId } = c.req.valid("param");
	const outcome = await cartStub(c.env, cartId).removeItem(c.get("customerId"), itemId);
	return c.json(await priced(c.env, unwrap(outcome, cartId, itemId).cart), 200);
};

export const applyPromo: Handler<typeof routes.applyPromo> = async (c) => {
	const { cartId } = c.req.valid("param");
	const { code } = c.req.valid("json");
	const stub = cartStub(c.env, cartId);
	const lookup = answered(await promoGateway(c.env).lookup(code.toUpperCase()));
	if (!lookup.valid) throw new ApiError(lookup.code, lookup.message);
	const outcome = await stub.applyPromo(c.get("customerId"), lookup.rule);
	return c.json(await priced(c.env, unwrap(outcome, cartId).cart), 200);
};

export const removePromo: Handler<typeof routes.removePromo> = async (c) => {
	const { cartId } = c.req.valid("param");
	const outcome = await cartStub(c.env, cartId).removePromo(c.get("customerId"));
	return c.json(await priced(c.env, unwrap(outcome, cartId).cart), 200);
};
