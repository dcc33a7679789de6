import { describe, expect, it } from "vitest";
import { call, customerContact, newCart, rentSearch, search, taxiItem, tokenFor } from "./support";

/** What a cart shows is what its order charges: fees included, per payment method. */
describe("cart pricing", () => {
	it("shows the service fees the order will charge, and the order charges exactly that", async () => {
		const token = await tokenFor("cust_cart_fees");
		for (const method of ["GOPAY", "CREDIT_CARD"] as const) {
			const cart = await newCart(token);
			const { body } = await taxiItem(token, 2);
			await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
			const rent = await search(token, "RENT", rentSearch());
			await call("POST", `/v1/carts/${cart.id}/items`, {
				token,
				body: {
					businessType: "RENT",
					sessionId: rent.sessionId,
					fleetId: rent.fleets[0]?.fleetId,
					quantity: 1,
					details: rentSearch(),
				},
			});
			await call("PUT", `/v1/carts/${cart.id}/promo`, { token, body: { code: "HEMAT10" } });
			const shown = (await call("GET", `/v1/carts/${cart.id}`, { token })).body;
			// Two taxi rides and one rental pay the platform fee per item, whatever the method.
			expect(
				shown.fees.map((f: { code: string; businessType: string; amount: number }) => [
					f.code,
					f.businessType,
					f.amount,
				]),
			).toEqual(
				expect.arrayContaining([
					["PLATFORM_FEE", "TAXI", 2 * 2_000],
					["PLATFORM_FEE", "RENT", 10_000],
				]),
			);
			expect(shown.fees).toHaveLength(2);
			expect(shown.pricing).toMatchObject({
				fees: 14_000,
				total: shown.pricing.subtotal - shown.pricing.discount + 14_000,
			});
			expect(Object.keys(shown.pricing.byPaymentMethod)).toHaveLength(10);
			expect(shown.pricing.byPaymentMethod.GOPAY.total).toBe(shown.pricing.total);
			expect(shown.pricing.byPaymentMethod.CREDIT_CARD.total).toBeGreaterThan(shown.pricing.total);

			const order = await call("POST", "/v1/orders", {
				token,
				body: { cartId: cart.id, paymentMethod: method, customer: customerContact },
			});
			expect(order.status, JSON.stringify(order.body)).toBe(201);
			expect(order.body.booking.pricing.total).toBe(shown.pricing.byPaymentMethod[method].total);
			expect(order.body.booking.pricing.fees).toBe(shown.pricing.byPaymentMethod[method].fees);
			expect(order.body.booking.payment.amount).toBe(shown.pricing.byPaymentMethod[method].total);
			const common = order.body.booking.fees.filter((f: { code: string }) => f.code === "PLATFORM_FEE");
			expect(common).toEqual(shown.fees);
		}
	});
});
