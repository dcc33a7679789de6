import type { BusinessType, FareComponent } from "./business";
import { type AppliedFee, type FeeRule, feeTotal, lineFees } from "./fees";
import { PAYMENT_METHODS, type PaymentMethod } from "./payment-methods";
import { calculateDiscount, PROMO_REJECTION_TEXT, type PromoRejection, type PromoRule } from "./promo";

export const MAX_CART_LINES = 50;
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 10;

/** OPEN carts change; CHECKED_OUT carts are locked by a booking; EXPIRED carts are tombstones. */
export type CartStatus = "OPEN" | "CHECKED_OUT" | "EXPIRED";

export const CART_TRANSITIONS: Record<CartStatus, readonly CartStatus[]> = {
	OPEN: ["CHECKED_OUT", "EXPIRED"],
	CHECKED_OUT: ["OPEN"],
	EXPIRED: [],
};

export interface CartItem {
	id: string;
	businessType: BusinessType;
	fleetId: string;
	name: string;
	quantity: number;
	unitPrice: number;
	amount: number;
	details: Record<string, unknown>;
	fareComponents: FareComponent[];
	sessionId: string;
	quoteExpiresAt: string;
}

export interface CartState {
	id: string;
	ownerId: string;
	status: CartStatus;
	/** Bumped by every change; checkout only proceeds on the version it priced. */
	version: number;
	createdAt: number;
	updatedAt: number;
	expiresAt: number;
	items: CartItem[];
	promo?: { rule: PromoRule; discount: number };
	/** The last promo that stopped applying, kept so the client can tell the customer why. */
	droppedPromo?: { code: string; reason: PromoRejection };
	/** The booking this cart was checked out into, while CHECKED_OUT. */
	bookingId?: string;
	checkedOutAt?: number;
}

export interface CartPolicy {
	ttlMs: number;
}

export type CartFailure =
	| { code: "CART_NOT_OPEN"; status: CartStatus }
	| { code: "CART_FULL" }
	| { code: "ITEM_NOT_FOUND" }
	| { code: "PROMO_NOT_APPLICABLE"; reason: PromoRejection };

export type CartResult = { ok: true; cart: CartState } | ({ ok: false } & CartFailure);

export function newCart(id: string, ownerId: string, now: number, policy: CartPolicy): CartState {
	return {
		id,
		ownerId,
		status: "OPEN",
		version: 1,
		createdAt: now,
		updatedAt: now,
		expiresAt: now + policy.ttlMs,
		items: [],
	};
}

export function isExpired(cart: CartState, now: number): boolean {
	return cart.status === "EXPIRED" || (cart.status === "OPEN" && now >= cart.expiresAt);
}

/** Every change re-prices the promo and pushes the expiry out by the TTL. */
function changed(cart: CartState, now: number, policy: CartPolicy): CartResult {
	return {
		ok: true,
		cart: reprice({ ...cart, version: cart.version + 1, updatedAt: now, expiresAt: now + policy.ttlMs }, now),
	};
}

function requireOpen(cart: CartState): CartFailure | undefined {
	return cart.status === "OPEN" ? undefined : { code: "CART_NOT_OPEN", status: cart.status };
}

export function addItem(cart: CartState, item: CartItem, now: number, policy: CartPolicy): CartResult {
	const closed = requireOpen(cart);
	if (closed) return { ok: false, ...closed };
	if (cart.items.length >= MAX_CART_LINES) return { ok: false, code: "CART_FULL" };
	return changed({ ...cart, items: [...cart.items, item] }, now, policy);
}

export function setQuantity(
	cart: CartState,
	itemId: string,
	quantity: number,
	now: number,
	policy: CartPolicy,
): CartResult {
	const closed = requireOpen(cart);
	if (closed) return { ok: false, ...closed };
	if (!cart.items.some((item) => item.id === itemId)) return { ok: false, code: "ITEM_NOT_FOUND" };
	const items = cart.items.map((item) =>
		item.id === itemId ? { ...item, quantity, amount: item.unitPrice * quantity } : item,
	);
	return changed({ ...cart, items }, now, policy);
}

export function removeItem(cart: CartState, itemId: string, now: number, policy: CartPolicy): CartResult {
	const closed = requireOpen(cart);
	if (closed) return { ok: false, ...closed };
	if (!cart.items.some((item) => item.id === itemId)) return { ok: false, code: "ITEM_NOT_FOUND" };
	return changed({ ...cart, items: cart.items.filter((item) => item.id !== itemId) }, now, policy);
}

export function applyPromo(cart: CartState, rule: PromoRule, now: number, policy: CartPolicy): CartResult {
	const closed = requireOpen(cart);
	if (closed) return { ok: false, ...closed };
	const result = calculateDiscount(rule, cart.items, now);
	if (!result.ok) return { ok: false, code: "PROMO_NOT_APPLICABLE", reason: result.reason };
	const { droppedPromo: _dropped, ...rest } = cart;
	return changed({ ...rest, promo: { rule, discount: result.discount } }, now, policy);
}

export function removePromo(cart: CartState, now: number, policy: CartPolicy): CartResult {
	const closed = requireOpen(cart);
	if (closed) return { ok: false, ...closed };
	// Removing a promo that is not there is a no-op, so a retried DELETE is harmless.
	if (!cart.promo && !cart.droppedPromo) return { ok: true, cart };
	const { promo: _promo, droppedPromo: _dropped, ...rest } = cart;
	return changed(rest, now, policy);
}

/** Recomputes the discount; a promo that no longer applies is dropped with its reason. */
export function reprice(cart: CartState, now: number): CartState {
	if (!cart.promo) return cart;
	const result = calculateDiscount(cart.promo.rule, cart.items, now);
	if (result.ok) return { ...cart, promo: { rule: cart.promo.rule, discount: result.discount } };
	const { promo, ...rest } = cart;
	return { ...rest, droppedPromo: { code: promo.rule.code, reason: result.reason } };
}

/** Locks the cart into a booking: nothing changes it until the booking gives it back. */
export function checkOut(cart: CartState, bookingId: string, now: number): CartResult {
	const closed = requireOpen(cart);
	if (closed) return { ok: false, ...closed };
	return {
		ok: true,
		cart: {
			...cart,
			status: "CHECKED_OUT",
			bookingId,
			checkedOutAt: now,
			version: cart.version + 1,
			updatedAt: now,
		},
	};
}

/** The booking was canceled before it went ahead: the cart is the customer's again. */
export function reopen(cart: CartState, bookingId: string, now: number, policy: CartPolicy): CartResult {
	if (cart.status !== "CHECKED_OUT" || cart.bookingId !== bookingId)
		return { ok: false, code: "CART_NOT_OPEN", status: cart.status };
	const { bookingId: _booking, checkedOutAt: _at, ...rest } = cart;
	return changed({ ...rest, status: "OPEN" }, now, policy);
}

/** An expired cart keeps only what is needed to answer CART_EXPIRED to its owner. */
export function expire(cart: CartState, now: number): CartState {
	return {
		id: cart.id,
		ownerId: cart.ownerId,
		status: "EXPIRED",
		version: cart.version + 1,
		createdAt: cart.createdAt,
		updatedAt: now,
		expiresAt: cart.expiresAt,
		items: [],
	};
}

export interface Pricing {
	subtotal: number;
	discount: number;
	fees: number;
	total: number;
}

/** A cart's pricing with the fees an order would charge, for every payment method. */
export interface CartPricing extends Pricing {
	byPaymentMethod: Record<PaymentMethod, { fees: number; total: number }>;
}

export function pricingOf(cart: CartState): Pricing {
	const subtotal = cart.items.reduce((sum, item) => sum + item.amount, 0);
	const discount = cart.promo?.discount ?? 0;
	// Service fees come from the fee rules (D1); withFees adds them to the view.
	const fees = 0;
	return { subtotal, discount, fees, total: subtotal - discount + fees };
}

/**
 * The view with the service fees the order will charge: `fees` and `pricing` hold what every
 * payment method pays, `pricing.byPaymentMethod` what each one pays in all (a card surcharge),
 * so the total a customer sees is the total they are charged.
 */
export function withFees(view: CartView, rules: readonly FeeRule[]): PricedCartView {
	const { subtotal, discount } = view.pricing;
	const charged = (method: PaymentMethod, only = rules) =>
		lineFees(only, view.items, subtotal - discount, method);
	const common = charged(
		"CASH",
		rules.filter((rule) => !rule.paymentMethod),
	);
	const byPaymentMethod = Object.fromEntries(
		PAYMENT_METHODS.map((method) => {
			const fees = feeTotal(charged(method));
			return [method, { fees, total: subtotal - discount + fees }];
		}),
	) as CartPricing["byPaymentMethod"];
	const fees = feeTotal(common);
	return {
		...view,
		fees: common,
		pricing: { subtotal, discount, fees, total: subtotal - discount + fees, byPaymentMethod },
	};
}

export function promoView(
	cart: CartState,
): { code: string; discount: number; reason?: PromoRejection; message?: string } | undefined {
	if (cart.promo) return { code: cart.promo.rule.code, discount: cart.promo.discount };
	if (cart.droppedPromo) {
		const { code, reason } = cart.droppedPromo;
		return { code, discount: 0, reason, message: PROMO_REJECTION_TEXT[reason] };
	}
	return undefined;
}

/** The cart as the API shows it. */
export interface CartView {
	id: string;
	status: CartStatus;
	version: number;
	bookingId?: string;
	expiresAt: string;
	createdAt: string;
	updatedAt: string;
	items: Array<Omit<CartItem, "sessionId" | "quoteExpiresAt"> & { quoteExpiresAt: string }>;
	promo?: ReturnType<typeof promoView>;
	pricing: Pricing;
	currency: "IDR";
}

/** The view with its service fees (withFees): what clients are shown. */
export interface PricedCartView extends Omit<CartView, "pricing"> {
	/** The service fees every payment method pays. */
	fees: AppliedFee[];
	pricing: CartPricing;
}

export function viewOf(cart: CartState): CartView {
	const promo = promoView(cart);
	return {
		id: cart.id,
		status: cart.status,
		version: cart.version,
		...(cart.bookingId ? { bookingId: cart.bookingId } : {}),
		expiresAt: new Date(cart.expiresAt).toISOString(),
		createdAt: new Date(cart.createdAt).toISOString(),
		updatedAt: new Date(cart.updatedAt).toISOString(),
		items: cart.items.map(({ sessionId: _session, ...item }) => item),
		...(promo ? { promo } : {}),
		pricing: pricingOf(cart),
		currency: "IDR",
	};
}
