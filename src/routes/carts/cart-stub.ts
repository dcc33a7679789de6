import { type CartView, type PricedCartView, withFees } from "../../domain/cart";
import { PROMO_REJECTION_TEXT, type PromoRejection } from "../../domain/promo";
import type { CartErrorCode, CartOutcome } from "../../durable/cart";
import { cartOf } from "../../durable/stubs";
import { ApiError } from "../../lib/errors";
import { idPattern } from "../../lib/ids";
import { feeRules } from "../shared/fee-rules";

const CART_ID = idPattern("cart");

/** The cart's Durable Object; a malformed id is simply a cart that does not exist. */
export function cartStub(env: Env, cartId: string) {
	if (!CART_ID.test(cartId))
		throw new ApiError("CART_NOT_FOUND", `No cart ${cartId} exists for this customer.`);
	return cartOf(env, cartId);
}

/** The cart as clients see it: with the fees its order would charge, per payment method. */
export async function priced(env: Env, view: CartView): Promise<PricedCartView> {
	return withFees(view, await feeRules(env));
}

/** Turns the DO's business outcome into the value or the matching problem. */
export function unwrap(
	outcome: CartOutcome,
	cartId: string,
	itemId?: string,
): Extract<CartOutcome, { ok: true }> {
	if (outcome.ok) return outcome;
	return fail(outcome, cartId, itemId);
}

export function fail(
	outcome: { code: CartErrorCode; detail?: string; reason?: string },
	cartId: string,
	itemId?: string,
): never {
	switch (outcome.code) {
		case "CART_NOT_FOUND":
			throw new ApiError("CART_NOT_FOUND", `No cart ${cartId} exists for this customer.`);
		case "CART_EXPIRED":
			throw new ApiError(
				"CART_EXPIRED",
				`Cart ${cartId} expired after a period without changes; create a new cart.`,
			);
		case "CART_FULL":
			throw new ApiError(
				"CART_FULL",
				"A cart holds at most 50 lines; remove one or change a quantity instead.",
			);
		case "CART_NOT_OPEN":
			throw new ApiError("CART_NOT_OPEN", outcome.detail ?? "The cart can no longer be changed.");
		case "ITEM_NOT_FOUND":
			throw new ApiError("ITEM_NOT_FOUND", `Cart ${cartId} has no item ${itemId ?? ""}.`.trim());
		case "PROMO_NOT_APPLICABLE":
			throw new ApiError(
				"PROMO_NOT_APPLICABLE",
				PROMO_REJECTION_TEXT[(outcome.reason ?? "NO_ELIGIBLE_ITEMS") as PromoRejection],
			);
		case "CART_CHANGED":
			throw new ApiError(
				"CART_CHANGED",
				`Cart ${cartId} changed while checking out; review it and try again.`,
			);
		case "CART_EMPTY":
			throw new ApiError("CART_EMPTY", `Cart ${cartId} has no items to order.`);
		case "IDEMPOTENCY_KEY_REUSED":
			throw new ApiError("IDEMPOTENCY_KEY_REUSED");
	}
}
