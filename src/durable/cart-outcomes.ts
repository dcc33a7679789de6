import type { CheckoutInput } from "../domain/booking";
import type * as cart from "../domain/cart";

/** What the CartDO's RPC methods answer: business outcomes, never exceptions. */
export type CartErrorCode =
	| "CART_NOT_FOUND"
	| "CART_EXPIRED"
	| "CART_FULL"
	| "CART_NOT_OPEN"
	| "ITEM_NOT_FOUND"
	| "PROMO_NOT_APPLICABLE"
	| "IDEMPOTENCY_KEY_REUSED"
	| "CART_CHANGED"
	| "CART_EMPTY";

export type CartOutcome =
	| { ok: true; cart: cart.CartView; itemId?: string; replayed?: boolean }
	| { ok: false; code: CartErrorCode; detail?: string; reason?: string };

export interface IdempotencyRecord {
	hash: string;
	outcome: CartOutcome;
}

export interface Idempotency {
	key: string;
	hash: string;
}

export type CheckoutOutcome =
	| { ok: true; bookingId: string; input: CheckoutInput; existing: boolean }
	| { ok: false; code: CartErrorCode; detail?: string };

export type SnapshotOutcome =
	| { ok: true; cart: cart.CartState; checkout?: CheckoutInput }
	| Extract<CartOutcome, { ok: false }>;
