import { describe, expect, it } from "vitest";
import * as cart from "../../src/domain/cart";
import type { PromoRule } from "../../src/domain/promo";

const T0 = Date.parse("2026-12-01T00:00:00Z");
const policy = { ttlMs: 15 * 60_000 };
const FUTURE = "2027-12-31T00:00:00Z";
const FLAT25K: PromoRule = {
	code: "FLAT25K",
	kind: "FLAT",
	value: 25_000,
	minSpend: 100_000,
	expiresAt: FUTURE,
};
const HEMAT10: PromoRule = {
	code: "HEMAT10",
	kind: "PERCENT",
	value: 10,
	maxDiscount: 50_000,
	expiresAt: FUTURE,
};

function line(
	id: string,
	unitPrice: number,
	quantity = 1,
	businessType: cart.CartItem["businessType"] = "TAXI",
): cart.CartItem {
	return {
		id,
		businessType,
		fleetId: "taxi-regular",
		name: "Taxi Regular",
		quantity,
		unitPrice,
		amount: unitPrice * quantity,
		details: {},
		fareComponents: [{ code: "BASE_FARE", amount: unitPrice }],
		sessionId: "ses_1",
		quoteExpiresAt: FUTURE,
	};
}

function ok(result: cart.CartResult): cart.CartState {
	if (!result.ok) throw new Error(`expected ok, got ${result.code}`);
	return result.cart;
}

const empty = () => cart.newCart("cart_1", "cust_1", T0, policy);

describe("cart pricing", () => {
	it("sums amounts and keeps total = subtotal - discount + fees", () => {
		let c = ok(cart.addItem(empty(), line("a", 85_000, 2), T0, policy));
		c = ok(cart.addItem(c, line("b", 150_000, 1, "RENT"), T0, policy));
		c = ok(cart.applyPromo(c, HEMAT10, T0, policy));
		expect(cart.pricingOf(c)).toEqual({ subtotal: 320_000, discount: 32_000, fees: 0, total: 288_000 });
	});

	it("recalculates the discount when a quantity changes", () => {
		let c = ok(cart.addItem(empty(), line("a", 100_000), T0, policy));
		c = ok(cart.applyPromo(c, HEMAT10, T0, policy));
		c = ok(cart.setQuantity(c, "a", 3, T0, policy));
		expect(cart.viewOf(c).promo).toEqual({ code: "HEMAT10", discount: 30_000 });
		expect(c.items[0]?.amount).toBe(300_000);
	});

	it("drops a promo that stops applying and says why", () => {
		let c = ok(cart.addItem(empty(), line("a", 60_000), T0, policy));
		c = ok(cart.addItem(c, line("b", 60_000), T0, policy));
		c = ok(cart.applyPromo(c, FLAT25K, T0, policy));
		c = ok(cart.removeItem(c, "b", T0, policy));
		expect(cart.viewOf(c).promo).toEqual({
			code: "FLAT25K",
			discount: 0,
			reason: "MIN_SPEND_NOT_MET",
			message: "The cart does not reach the promo's minimum spend.",
		});
		expect(cart.pricingOf(c)).toEqual({ subtotal: 60_000, discount: 0, fees: 0, total: 60_000 });
		// Dropped means dropped: reaching the minimum again does not bring it back silently.
		c = ok(cart.setQuantity(c, "a", 2, T0, policy));
		expect(cart.pricingOf(c).discount).toBe(0);
	});

	it("refuses a promo that does not apply to the cart as it is", () => {
		const c = ok(cart.addItem(empty(), line("a", 50_000), T0, policy));
		expect(cart.applyPromo(c, FLAT25K, T0, policy)).toEqual({
			ok: false,
			code: "PROMO_NOT_APPLICABLE",
			reason: "MIN_SPEND_NOT_MET",
		});
	});

	it("removes an applied or dropped promo, and removing none is a no-op", () => {
		let c = ok(cart.addItem(empty(), line("a", 100_000), T0, policy));
		expect(ok(cart.removePromo(c, T0 + 5, policy))).toBe(c);
		c = ok(cart.applyPromo(c, HEMAT10, T0, policy));
		c = ok(cart.removePromo(c, T0, policy));
		expect(cart.viewOf(c).promo).toBeUndefined();
	});
});

describe("cart lines", () => {
	it("never merges lines of the same fleet", () => {
		let c = ok(cart.addItem(empty(), line("a", 10_000), T0, policy));
		c = ok(cart.addItem(c, line("b", 10_000), T0, policy));
		expect(c.items.map((i) => i.id)).toEqual(["a", "b"]);
	});

	it("holds at most 50 lines", () => {
		let c = empty();
		for (let i = 0; i < cart.MAX_CART_LINES; i++) c = ok(cart.addItem(c, line(`i${i}`, 1_000), T0, policy));
		expect(cart.addItem(c, line("x", 1_000), T0, policy)).toEqual({ ok: false, code: "CART_FULL" });
	});

	it("reports unknown items", () => {
		expect(cart.setQuantity(empty(), "nope", 2, T0, policy)).toEqual({ ok: false, code: "ITEM_NOT_FOUND" });
		expect(cart.removeItem(empty(), "nope", T0, policy)).toEqual({ ok: false, code: "ITEM_NOT_FOUND" });
	});

	it("changes nothing once the cart is not open", () => {
		const locked = { ...empty(), status: "CHECKED_OUT" as const };
		expect(cart.addItem(locked, line("a", 1_000), T0, policy)).toEqual({
			ok: false,
			code: "CART_NOT_OPEN",
			status: "CHECKED_OUT",
		});
		expect(cart.applyPromo(locked, HEMAT10, T0, policy)).toMatchObject({ ok: false, code: "CART_NOT_OPEN" });
	});
});

describe("cart expiry", () => {
	it("expires CART_TTL after the last change, not after creation", () => {
		const c = ok(cart.addItem(empty(), line("a", 1_000), T0 + 60_000, policy));
		expect(c.expiresAt).toBe(T0 + 60_000 + policy.ttlMs);
		expect(cart.isExpired(c, T0 + policy.ttlMs + 59_999)).toBe(false);
		expect(cart.isExpired(c, T0 + policy.ttlMs + 60_000)).toBe(true);
	});

	it("does not expire a checked-out cart", () => {
		const c = { ...empty(), status: "CHECKED_OUT" as const };
		expect(cart.isExpired(c, T0 + 10 * policy.ttlMs)).toBe(false);
	});

	it("keeps only a tombstone once expired", () => {
		let c = ok(cart.addItem(empty(), line("a", 1_000), T0, policy));
		c = ok(cart.applyPromo(c, HEMAT10, T0, policy));
		const tomb = cart.expire(c, T0 + policy.ttlMs);
		expect(tomb).toEqual({
			id: "cart_1",
			ownerId: "cust_1",
			status: "EXPIRED",
			version: c.version + 1,
			createdAt: T0,
			updatedAt: T0 + policy.ttlMs,
			expiresAt: T0 + policy.ttlMs,
			items: [],
		});
	});

	it("lists the legal status transitions", () => {
		expect(cart.CART_TRANSITIONS).toEqual({
			OPEN: ["CHECKED_OUT", "EXPIRED"],
			CHECKED_OUT: ["OPEN"],
			EXPIRED: [],
		});
	});
});
