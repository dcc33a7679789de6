import type { CheckoutInput, Contact, OrderItem, Passenger } from "../../domain/booking";
import type { CartState, Pricing } from "../../domain/cart";
import { type AppliedFee, feeTotal, lineFees } from "../../domain/fees";
import type { PaymentMethod } from "../../domain/payment-methods";
import { calculateDiscount, PROMO_REJECTION_TEXT, type PromoRule } from "../../domain/promo";
import type { CreateOutcome } from "../../durable/booking";
import { bookingOf } from "../../durable/stubs";
import { ApiError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { promoGateway, sessionManager } from "../../partners";
import { cartStub, fail } from "../carts/cart-stub";
import { feeRules } from "../shared/fee-rules";
import { answered } from "../shared/upstream";

export interface CheckoutRequest {
	cartId: string;
	ownerId: string;
	channel: "APP" | "WEB";
	method: PaymentMethod;
	customer: Contact;
	passengers?: Array<{ itemId: string; name: string; phone: string }>;
	/** Where the processor's page sends the customer back to (guest orders). */
	returnUrl?: string;
	/** The origin a guest ordered on: the tracking link in their messages points there. */
	webOrigin?: string;
}

export type CheckoutResult = Extract<CreateOutcome, { ok: true }>;

/**
 * Turns a cart into a booking: re-price every line with the Session Manager, re-validate the
 * promo, apply service fees, lock the cart (it picks the booking id, so one cart yields one
 * live booking) and create the BookingDO, which reserves limits and gets the payment link.
 */
export async function checkout(env: Env, request: CheckoutRequest, retried = false): Promise<CheckoutResult> {
	const stub = cartStub(env, request.cartId);
	const snapshot = await stub.snapshot(request.ownerId);
	if (!snapshot.ok) return fail(snapshot, request.cartId);
	const locked = snapshot.checkout;
	if (snapshot.cart.status === "CHECKED_OUT" && locked) {
		const outcome = await bookingOf(env, locked.id).create(locked);
		// A checkout whose booking was canceled gives the cart back; then check out afresh, once.
		if (outcome.booking.status === "CANCELED" && !retried) {
			await stub.reopen(locked.id);
			return checkout(env, request, true);
		}
		return settle(env, request.cartId, outcome);
	}
	const input = await priceCheckout(env, snapshot.cart, request);
	const locking = await stub.checkout(request.ownerId, snapshot.cart.version, input, newId("bkg"));
	if (!locking.ok) return fail(locking, request.cartId);
	const created = await bookingOf(env, locking.input.id).create(locking.input);
	return settle(env, request.cartId, created);
}

async function settle(env: Env, cartId: string, outcome: CreateOutcome): Promise<CheckoutResult> {
	if (outcome.ok) return outcome;
	// The cart is the customer's again at once (the booking's outbox also does this, idempotently).
	await cartStub(env, cartId).reopen(outcome.booking.id);
	throw new ApiError(outcome.code, outcome.detail);
}

async function priceCheckout(
	env: Env,
	cart: CartState,
	request: CheckoutRequest,
): Promise<Omit<CheckoutInput, "id">> {
	if (cart.items.length === 0) throw new ApiError("CART_EMPTY", `Cart ${cart.id} has no items to order.`);
	await requoteLines(env, cart);
	const priced = await priceLines(env, cart.items, cart.promo?.rule.code, request.method, CART_PROMO_HINT);
	return {
		cartId: cart.id,
		ownerId: request.ownerId,
		channel: request.channel,
		customer: request.customer,
		items: orderItems(cart, request),
		...(cart.promo ? { promo: { code: cart.promo.rule.code, discount: priced.pricing.discount } } : {}),
		fees: priced.fees,
		pricing: priced.pricing,
		method: request.method,
		...(request.returnUrl ? { returnUrl: request.returnUrl } : {}),
		...(request.webOrigin ? { webOrigin: request.webOrigin } : {}),
	};
}

const CART_PROMO_HINT = "Remove it from the cart to order without it.";

/**
 * What an order of these lines costs: the promo (looked up afresh, so a code withdrawn since it
 * was applied is refused) and the service fees of the payment method on the discounted subtotal.
 * Checkout and PreviewWebOrder both price here, so a preview is what the order charges.
 */
export async function priceLines(
	env: Env,
	lines: CartState["items"],
	promoCode: string | undefined,
	method: PaymentMethod,
	promoHint: string,
): Promise<{ fees: AppliedFee[]; pricing: Pricing }> {
	const discount = promoCode ? await promoDiscount(env, promoCode, lines, promoHint) : 0;
	const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
	const fees = lineFees(await feeRules(env), lines, subtotal - discount, method);
	const feesTotal = feeTotal(fees);
	return { fees, pricing: { subtotal, discount, fees: feesTotal, total: subtotal - discount + feesTotal } };
}

/** Every line must still be quoted at the price it was added with. */
async function requoteLines(env: Env, cart: CartState): Promise<void> {
	const client = sessionManager(env);
	const quotes = await Promise.all(
		cart.items.map(async (item) =>
			answered(await client.fleet(item.sessionId, item.fleetId, { fresh: true })),
		),
	);
	const expired: string[] = [];
	const changed: string[] = [];
	cart.items.forEach((item, i) => {
		const quote = quotes[i];
		if (!quote?.found || Date.parse(quote.quote.expiresAt) <= Date.now()) expired.push(item.id);
		else if (quote.quote.fleet.unitPrice !== item.unitPrice) changed.push(item.id);
	});
	if (expired.length > 0) {
		throw new ApiError(
			"QUOTE_EXPIRED",
			"The price quote of some items expired; search again and replace them.",
			expired.map((id) => ({ path: `items.${id}`, message: "Quote expired" })),
		);
	}
	if (changed.length > 0) {
		throw new ApiError(
			"PRICE_CHANGED",
			"The price of some items changed; search again and replace them.",
			changed.map((id) => ({ path: `items.${id}`, message: "Price changed" })),
		);
	}
}

/** The promo's rule as the Promo Gateway has it now; an unknown or expired code is refused. */
export async function promoRule(env: Env, code: string, hint: string): Promise<PromoRule> {
	const lookup = answered(await promoGateway(env).lookup(code.toUpperCase()));
	if (!lookup.valid) throw new ApiError(lookup.code, `${lookup.message} ${hint}`);
	return lookup.rule;
}

async function promoDiscount(
	env: Env,
	code: string,
	lines: CartState["items"],
	hint: string,
): Promise<number> {
	const result = calculateDiscount(await promoRule(env, code, hint), lines, Date.now());
	if (!result.ok)
		throw new ApiError("PROMO_NOT_APPLICABLE", `${PROMO_REJECTION_TEXT[result.reason]} ${hint}`);
	return result.discount;
}

/** A taxi/rent/delivery line of quantity N is N partner bookings; a shuttle line books N seats at once. */
function orderItems(cart: CartState, request: CheckoutRequest): OrderItem[] {
	return cart.items.flatMap((line) => {
		const override = request.passengers?.find((p) => p.itemId === line.id);
		const fromDetails = line.details.passenger as Passenger | undefined;
		const passenger: Passenger = override
			? { name: override.name, phone: override.phone }
			: (fromDetails ?? { name: request.customer.name, phone: request.customer.phone });
		const base = {
			cartItemId: line.id,
			businessType: line.businessType,
			fleetId: line.fleetId,
			name: line.name,
			status: "PENDING" as const,
			unitPrice: line.unitPrice,
			details: line.details,
			fareComponents: line.fareComponents,
			passenger,
		};
		if (line.businessType === "SHUTTLE") {
			return [{ ...base, id: newId("oi"), quantity: line.quantity, amount: line.amount }];
		}
		return Array.from({ length: line.quantity }, () => ({
			...base,
			id: newId("oi"),
			quantity: 1,
			amount: line.unitPrice,
		}));
	});
}
