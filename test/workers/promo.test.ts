import { describe, expect, it } from "vitest";
import { call, newCart, problem, rentSearch, search, taxiItem, tokenFor } from "./support";

async function cartWithTaxi(sub: string, quantity = 1) {
	const token = await tokenFor(sub);
	const cart = await newCart(token);
	const { body, fleet } = await taxiItem(token, quantity);
	const added = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
	return {
		token,
		cartId: cart.id as string,
		itemId: added.body.itemId as string,
		unitPrice: fleet.unitPrice,
	};
}

describe("ApplyPromo and RemovePromo", () => {
	it("applies HEMAT10 as 10% capped at 50,000 and recalculates on every change", async () => {
		const { token, cartId, itemId, unitPrice } = await cartWithTaxi("cust_hemat");
		const res = await call("PUT", `/v1/carts/${cartId}/promo`, { token, body: { code: "hemat10" } });
		expect(res.status).toBe(200);
		const discount = Math.min(Math.floor(unitPrice / 10), 50_000);
		expect(res.body.promo).toEqual({ code: "HEMAT10", discount });
		// One ride: the taxi platform fee is part of the total the order will charge.
		expect(res.body.pricing).toMatchObject({
			subtotal: unitPrice,
			discount,
			fees: 2_000,
			total: unitPrice - discount + 2_000,
		});
		const more = await call("PATCH", `/v1/carts/${cartId}/items/${itemId}`, {
			token,
			body: { quantity: 10 },
		});
		const capped = Math.min(Math.floor((unitPrice * 10) / 10), 50_000);
		expect(more.body.promo).toEqual({ code: "HEMAT10", discount: capped });
		expect(more.body.pricing.total).toBe(unitPrice * 10 - capped + 10 * 2_000);
	});

	it("drops FLAT25K with a reason when the cart falls under the minimum spend", async () => {
		const { token, cartId, itemId, unitPrice } = await cartWithTaxi("cust_flat", 1);
		const quantity = Math.ceil(100_000 / unitPrice);
		await call("PATCH", `/v1/carts/${cartId}/items/${itemId}`, { token, body: { quantity } });
		const applied = await call("PUT", `/v1/carts/${cartId}/promo`, { token, body: { code: "FLAT25K" } });
		expect(applied.body.promo).toEqual({ code: "FLAT25K", discount: 25_000 });
		if (unitPrice < 100_000) {
			const under = await call("PATCH", `/v1/carts/${cartId}/items/${itemId}`, {
				token,
				body: { quantity: 1 },
			});
			expect(under.body.promo).toEqual({
				code: "FLAT25K",
				discount: 0,
				reason: "MIN_SPEND_NOT_MET",
				message: "The cart does not reach the promo's minimum spend.",
			});
			expect(under.body.pricing.discount).toBe(0);
		}
		const removed = await call("DELETE", `/v1/carts/${cartId}/promo`, { token });
		expect(removed.status).toBe(200);
		expect(removed.body.promo).toBeUndefined();
		const again = await call("DELETE", `/v1/carts/${cartId}/promo`, { token });
		expect(again.status).toBe(200);
	});

	it("gives TAXIONLY only on taxi lines and drops it when the taxi goes", async () => {
		const { token, cartId, itemId, unitPrice } = await cartWithTaxi("cust_taxionly");
		const rentDetails = rentSearch();
		const rent = await search(token, "RENT", rentDetails);
		const rentFleet = rent.fleets[0];
		await call("POST", `/v1/carts/${cartId}/items`, {
			token,
			body: {
				businessType: "RENT",
				sessionId: rent.sessionId,
				fleetId: rentFleet?.fleetId,
				quantity: 1,
				details: rentDetails,
			},
		});
		const res = await call("PUT", `/v1/carts/${cartId}/promo`, { token, body: { code: "TAXIONLY" } });
		expect(res.body.promo).toEqual({ code: "TAXIONLY", discount: Math.floor((unitPrice * 15) / 100) });
		const noTaxi = await call("DELETE", `/v1/carts/${cartId}/items/${itemId}`, { token });
		expect(noTaxi.body.promo).toMatchObject({ code: "TAXIONLY", discount: 0, reason: "NO_ELIGIBLE_ITEMS" });
	});

	it("refuses unknown, expired and inapplicable codes without changing the cart", async () => {
		const { token, cartId } = await cartWithTaxi("cust_badpromo");
		const before = await call("GET", `/v1/carts/${cartId}`, { token });
		const unknown = await call("PUT", `/v1/carts/${cartId}/promo`, { token, body: { code: "NOPE" } });
		expect(unknown.status).toBe(422);
		expect(unknown.body).toEqual(problem("PROMO_UNKNOWN", 422));
		const expired = await call("PUT", `/v1/carts/${cartId}/promo`, { token, body: { code: "EXPIRED10" } });
		expect(expired.body).toEqual(problem("PROMO_EXPIRED", 422));
		const empty = await newCart(token);
		const inapplicable = await call("PUT", `/v1/carts/${empty.id}/promo`, {
			token,
			body: { code: "HEMAT10" },
		});
		expect(inapplicable.body).toEqual(
			problem("PROMO_NOT_APPLICABLE", 422, { detail: "The cart has no items the promo applies to." }),
		);
		const blank = await call("PUT", `/v1/carts/${cartId}/promo`, { token, body: { code: "" } });
		expect(blank.body).toEqual(
			problem("VALIDATION_FAILED", 400, { errors: [expect.objectContaining({ path: "code" })] }),
		);
		const after = await call("GET", `/v1/carts/${cartId}`, { token });
		expect(after.body).toEqual(before.body);
	});
});

describe("PromoValidate", () => {
	const validate = (body: unknown, ip = "203.0.113.1") =>
		call("POST", "/v1/promos/validate", { body, headers: { "cf-connecting-ip": ip } });

	it("computes a discount for an amount without any login", async () => {
		const res = await validate({ code: "HEMAT10", amount: 150_000 });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			code: "HEMAT10",
			valid: true,
			applicable: true,
			discount: 15_000,
			promo: expect.objectContaining({ kind: "PERCENT", value: 10, maxDiscount: 50_000 }),
		});
	});

	it("explains codes that do not apply", async () => {
		expect((await validate({ code: "FLAT25K", amount: 50_000 })).body).toMatchObject({
			valid: true,
			applicable: false,
			discount: 0,
			reason: "MIN_SPEND_NOT_MET",
		});
		expect((await validate({ code: "TAXIONLY", amount: 100_000, businessType: "RENT" })).body).toMatchObject({
			applicable: false,
			reason: "NO_ELIGIBLE_ITEMS",
		});
		expect((await validate({ code: "TAXIONLY", amount: 100_000, businessType: "TAXI" })).body).toMatchObject({
			applicable: true,
			discount: 15_000,
		});
		expect((await validate({ code: "EXPIRED10", amount: 100_000 })).body).toMatchObject({
			valid: false,
			reason: "EXPIRED",
		});
		expect((await validate({ code: "WHATEVER", amount: 100_000 })).body).toMatchObject({
			valid: false,
			reason: "UNKNOWN",
		});
	});

	it("validates the body", async () => {
		const res = await validate({ code: "HEMAT10", amount: -1 });
		expect(res.status).toBe(400);
		expect(res.body.errors).toEqual([expect.objectContaining({ path: "amount" })]);
	});

	it("rate limits one client address", async () => {
		// 60 a minute in fixed windows: the first 60 of a window pass. The run may straddle one
		// window boundary (never two), so a 429 comes after at least 60 and at most 120 passes.
		let passed = 0;
		let limited = await validate({ code: "HEMAT10", amount: 1_000 }, "198.51.100.7");
		while (limited.status === 200 && passed < 121) {
			passed++;
			limited = await validate({ code: "HEMAT10", amount: 1_000 }, "198.51.100.7");
		}
		expect(passed).toBeGreaterThanOrEqual(60);
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual(problem("RATE_LIMITED", 429));
		expect(limited.headers.get("retry-after")).toBe("60");
		expect((await validate({ code: "HEMAT10", amount: 1_000 }, "198.51.100.8")).status).toBe(200);
	});
});
