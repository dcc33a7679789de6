// The cart end to end: the real `npm start` stack (sandbox + orchestrator on workerd),
// driven over HTTP from search to expiry, then stopped with SIGINT like Ctrl-C.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, isPortOpen, jakartaTime, type Stack, startE2eStack, stopAllStacks, tokenFor } from "./support";

interface Fleet {
	fleetId: string;
	name: string;
	unitPrice: number;
	fareComponents: { code: string; amount: number }[];
}
interface Search {
	sessionId: string;
	expiresAt: string;
	fleets: Fleet[];
}
interface CartItem {
	id: string;
	businessType: string;
	fleetId: string;
	name: string;
	quantity: number;
	unitPrice: number;
	amount: number;
	details: Record<string, unknown>;
}
interface Cart {
	id: string;
	status: "OPEN" | "CHECKED_OUT" | "EXPIRED";
	expiresAt: string;
	items: CartItem[];
	promo?: { code: string; discount: number; reason?: string };
	pricing: { subtotal: number; discount: number; fees: number; total: number };
	currency: string;
}

const CART_TTL_MS = 4_000;

const taxiSearch = {
	pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
	dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
	pickupAt: jakartaTime(24),
};
const rentSearch = { city: "Jakarta", startAt: jakartaTime(48), endAt: jakartaTime(96), withDriver: true };

/** The cart's money adds up: amounts, subtotal, HEMAT10 (10% floored, at most 50,000) and total. */
function expectHemat10Pricing(cart: Cart) {
	for (const item of cart.items) expect(item.amount).toBe(item.unitPrice * item.quantity);
	const subtotal = cart.items.reduce((sum, item) => sum + item.amount, 0);
	const discount = Math.min(Math.floor(subtotal / 10), 50_000);
	expect(cart.pricing.subtotal).toBe(subtotal);
	expect(cart.pricing.discount).toBe(discount);
	expect(cart.promo).toMatchObject({ code: "HEMAT10", discount });
	expect(cart.pricing.total).toBe(subtotal - discount + cart.pricing.fees);
	expect(Number.isInteger(cart.pricing.fees) && cart.pricing.fees >= 0).toBe(true);
}

function expectProblem(
	response: { status: number; contentType: string; body: unknown },
	status: number,
	code: string,
) {
	expect(response.status).toBe(status);
	expect(response.contentType).toContain("application/problem+json");
	expect(response.body).toMatchObject({
		type: expect.any(String),
		title: expect.any(String),
		status,
		detail: expect.any(String),
		code,
	});
}

describe("cart over the real npm start stack", () => {
	let stack: Stack | undefined;
	let api: string;
	let token: string;
	let otherToken: string;

	beforeAll(async () => {
		stack = await startE2eStack({ CART_TTL: `${CART_TTL_MS / 1000}s` });
		api = stack.url;
		const suffix = Math.random().toString(36).slice(2, 8);
		token = await tokenFor(stack, `cust_e2e_${suffix}`);
		otherToken = await tokenFor(stack, `cust_e2e_other_${suffix}`);
	});

	afterAll(async () => {
		if (!stack) {
			await stopAllStacks(); // start-up failed or timed out: leave nothing running
			return;
		}
		const { port, sandboxPort } = stack;
		const status = await stack.stop();
		expect(status, stack.output().split("\n").slice(-30).join("\n")).toEqual({ code: 0, signal: null });
		expect(await isPortOpen(port)).toBe(false);
		expect(await isPortOpen(sandboxPort)).toBe(false);
	});

	it("walks search → cart → items → promo → quantity → delete → expiry", async () => {
		const taxi = await call<Search>(api, "POST", "/v1/searches", {
			token,
			body: { businessType: "TAXI", details: taxiSearch },
		});
		expect(taxi.status, JSON.stringify(taxi.body)).toBe(200);
		expect(taxi.body.sessionId).toEqual(expect.any(String));
		expect(taxi.body.fleets.length).toBeGreaterThan(0);
		const taxiFleet = taxi.body.fleets[0] as Fleet;
		expect(Number.isInteger(taxiFleet.unitPrice) && taxiFleet.unitPrice > 0).toBe(true);

		const rent = await call<Search>(api, "POST", "/v1/searches", {
			token,
			body: { businessType: "RENT", details: rentSearch },
		});
		expect(rent.status, JSON.stringify(rent.body)).toBe(200);
		const rentFleet = rent.body.fleets[0] as Fleet;

		const created = await call<Cart>(api, "POST", "/v1/carts", { token });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		expect(created.body).toMatchObject({
			status: "OPEN",
			items: [],
			currency: "IDR",
			pricing: { subtotal: 0, discount: 0, fees: 0, total: 0 },
		});
		const cartPath = `/v1/carts/${created.body.id}`;

		const addedTaxi = await call<{ cart: Cart; itemId: string }>(api, "POST", `${cartPath}/items`, {
			token,
			body: {
				businessType: "TAXI",
				sessionId: taxi.body.sessionId,
				fleetId: taxiFleet.fleetId,
				quantity: 1,
				details: { ...taxiSearch, passenger: { name: "Budi Santoso", phone: "+6281234567890" } },
			},
		});
		expect(addedTaxi.status, JSON.stringify(addedTaxi.body)).toBe(201);
		expect(addedTaxi.body.cart.items).toHaveLength(1);
		expect(addedTaxi.body.cart.items[0]).toMatchObject({
			id: addedTaxi.body.itemId,
			businessType: "TAXI",
			fleetId: taxiFleet.fleetId,
			name: taxiFleet.name,
			quantity: 1,
			unitPrice: taxiFleet.unitPrice,
			amount: taxiFleet.unitPrice,
		});

		const addedRent = await call<{ cart: Cart; itemId: string }>(api, "POST", `${cartPath}/items`, {
			token,
			body: {
				businessType: "RENT",
				sessionId: rent.body.sessionId,
				fleetId: rentFleet.fleetId,
				quantity: 2,
				details: { ...rentSearch, notes: "Child seat, please" },
			},
		});
		expect(addedRent.status, JSON.stringify(addedRent.body)).toBe(201);
		expect(addedRent.body.cart.items).toHaveLength(2);

		const promo = await call<Cart>(api, "PUT", `${cartPath}/promo`, { token, body: { code: "HEMAT10" } });
		expect(promo.status, JSON.stringify(promo.body)).toBe(200);
		expectHemat10Pricing(promo.body);

		const fetched = await call<Cart>(api, "GET", cartPath, { token });
		expect(fetched.status).toBe(200);
		expect(fetched.body.items.map((item) => item.businessType)).toEqual(["TAXI", "RENT"]);
		expect(fetched.body.items.map((item) => item.amount)).toEqual([
			taxiFleet.unitPrice,
			rentFleet.unitPrice * 2,
		]);
		expectHemat10Pricing(fetched.body);
		expect(fetched.body.pricing.subtotal).toBe(taxiFleet.unitPrice + rentFleet.unitPrice * 2);

		// Another customer cannot even learn that the cart exists.
		expectProblem(await call(api, "GET", cartPath, { token: otherToken }), 404, "CART_NOT_FOUND");

		const patched = await call<Cart>(api, "PATCH", `${cartPath}/items/${addedTaxi.body.itemId}`, {
			token,
			body: { quantity: 3 },
		});
		expect(patched.status, JSON.stringify(patched.body)).toBe(200);
		expect(patched.body.items.find((item) => item.id === addedTaxi.body.itemId)).toMatchObject({
			quantity: 3,
			amount: taxiFleet.unitPrice * 3,
		});
		expectHemat10Pricing(patched.body);

		const deleted = await call<Cart>(api, "DELETE", `${cartPath}/items/${addedRent.body.itemId}`, { token });
		expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
		expect(deleted.body.items.map((item) => item.id)).toEqual([addedTaxi.body.itemId]);
		expectHemat10Pricing(deleted.body);
		expect(deleted.body.pricing.subtotal).toBe(taxiFleet.unitPrice * 3);

		// CART_TTL=4s after the last change: still open now, gone a little after expiresAt.
		const expiresAt = Date.parse(deleted.body.expiresAt);
		expect(expiresAt - Date.now()).toBeLessThanOrEqual(CART_TTL_MS + 1_000);
		expect((await call<Cart>(api, "GET", cartPath, { token })).status).toBe(200);
		await sleep(Math.max(0, expiresAt - Date.now()) + 500);
		let expired = await call(api, "GET", cartPath, { token });
		for (let attempt = 0; expired.status === 200 && attempt < 20; attempt++) {
			await sleep(250);
			expired = await call(api, "GET", cartPath, { token });
		}
		expectProblem(expired, 404, "CART_EXPIRED");
		expectProblem(await call(api, "GET", cartPath, { token: otherToken }), 404, "CART_NOT_FOUND");
	});
});
