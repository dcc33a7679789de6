import { describe, expect, it } from "vitest";
import { call, newCart, problem, rentSearch, search, taxiItem, tokenFor } from "./support";

describe("CreateCart and GetCart", () => {
	it("creates an empty open cart owned by the caller", async () => {
		const token = await tokenFor("cust_create");
		const res = await call("POST", "/v1/carts", { token });
		expect(res.status).toBe(201);
		expect(res.body).toEqual({
			id: expect.stringMatching(/^cart_[0-9A-Za-z]{22}$/),
			status: "OPEN",
			version: 1,
			expiresAt: expect.any(String),
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
			items: [],
			fees: [],
			pricing: {
				subtotal: 0,
				discount: 0,
				fees: 0,
				total: 0,
				byPaymentMethod: expect.objectContaining({
					GOPAY: { fees: 0, total: 0 },
					CREDIT_CARD: { fees: 0, total: 0 },
				}),
			},
			currency: "IDR",
		});
		expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.updatedAt)).toBe(15 * 60_000);
		const got = await call("GET", `/v1/carts/${res.body.id}`, { token });
		expect(got).toMatchObject({ status: 200, body: res.body });
	});

	it("returns the same cart for a retried create with the same Idempotency-Key", async () => {
		const token = await tokenFor("cust_idem_cart");
		const headers = { "idempotency-key": "create-cart-1" };
		const first = await call("POST", "/v1/carts", { token, headers });
		const second = await call("POST", "/v1/carts", { token, headers });
		expect(first.status).toBe(201);
		expect(second.status).toBe(201);
		expect(second.body.id).toBe(first.body.id);
		// Another customer using the same key gets a cart of their own.
		const other = await call("POST", "/v1/carts", { token: await tokenFor("cust_idem_other"), headers });
		expect(other.body.id).not.toBe(first.body.id);
	});

	it("answers 404 for another customer's cart, exactly as for a missing one", async () => {
		const cart = await newCart(await tokenFor("cust_owner"));
		const intruder = await tokenFor("cust_intruder");
		const res = await call("GET", `/v1/carts/${cart.id}`, { token: intruder });
		expect(res.status).toBe(404);
		expect(res.headers.get("content-type")).toBe("application/problem+json");
		expect(res.body).toEqual({
			type: "urn:order-orchestrator:problem:cart-not-found",
			title: "Cart not found",
			status: 404,
			detail: `No cart ${cart.id} exists for this customer.`,
			code: "CART_NOT_FOUND",
			requestId: expect.any(String),
		});
		const missing = await call("GET", "/v1/carts/cart_0000000000000000000000", { token: intruder });
		expect(missing.body).toEqual({
			...res.body,
			detail: "No cart cart_0000000000000000000000 exists for this customer.",
			requestId: expect.any(String),
		});
		const malformed = await call("GET", "/v1/carts/not-a-cart", { token: intruder });
		expect(malformed.body).toEqual(problem("CART_NOT_FOUND", 404));
	});

	it("refuses every cart route without a token", async () => {
		const token = await tokenFor("cust_noauth");
		const cart = await newCart(token);
		const routes: Array<[string, string, unknown?]> = [
			["POST", "/v1/carts"],
			["GET", `/v1/carts/${cart.id}`],
			["POST", `/v1/carts/${cart.id}/items`, {}],
			["PATCH", `/v1/carts/${cart.id}/items/item_x`, { quantity: 2 }],
			["DELETE", `/v1/carts/${cart.id}/items/item_x`],
			["PUT", `/v1/carts/${cart.id}/promo`, { code: "HEMAT10" }],
			["DELETE", `/v1/carts/${cart.id}/promo`],
		];
		for (const [method, path, body] of routes) {
			const res = await call(method, path, { body });
			expect(res.status, `${method} ${path}`).toBe(401);
			expect(res.body).toEqual({
				type: "urn:order-orchestrator:problem:unauthorized",
				title: "Authentication is required",
				status: 401,
				detail: "A Bearer token is required.",
				code: "UNAUTHORIZED",
				requestId: expect.any(String),
			});
			expect(res.headers.get("www-authenticate")).toContain("Bearer");
		}
	});
});

describe("AddCartItem", () => {
	it("prices the line from the Session Manager, ignoring any price the client sends", async () => {
		const token = await tokenFor("cust_add");
		const cart = await newCart(token);
		const { body, fleet, quote } = await taxiItem(token, 2);
		const res = await call("POST", `/v1/carts/${cart.id}/items`, {
			token,
			body: { ...body, unitPrice: 1, amount: 1 },
		});
		expect(res.status).toBe(201);
		expect(res.body.itemId).toMatch(/^item_/);
		expect(res.body.cart.items).toEqual([
			{
				id: res.body.itemId,
				businessType: "TAXI",
				fleetId: fleet.fleetId,
				name: fleet.name,
				quantity: 2,
				unitPrice: fleet.unitPrice,
				amount: fleet.unitPrice * 2,
				details: body.details,
				fareComponents: expect.any(Array),
				quoteExpiresAt: quote.expiresAt,
			},
		]);
		// Two rides: the order charges the taxi platform fee twice, and a card adds its surcharge.
		const surcharge = Math.ceil((fleet.unitPrice * 2 * 150) / 10_000);
		expect(res.body.cart.pricing).toEqual({
			subtotal: fleet.unitPrice * 2,
			discount: 0,
			fees: 4_000,
			total: fleet.unitPrice * 2 + 4_000,
			byPaymentMethod: expect.objectContaining({
				GOPAY: { fees: 4_000, total: fleet.unitPrice * 2 + 4_000 },
				CREDIT_CARD: { fees: 4_000 + surcharge, total: fleet.unitPrice * 2 + 4_000 + surcharge },
			}),
		});
	});

	it("makes a new line for every add, also of the same fleet", async () => {
		const token = await tokenFor("cust_lines");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
		const res = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
		expect(res.body.cart.items).toHaveLength(2);
	});

	it("keeps all 50 of 50 concurrent adds and refuses the 51st", async () => {
		const token = await tokenFor("cust_concurrent");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		const results = await Promise.all(
			Array.from({ length: 50 }, () => call("POST", `/v1/carts/${cart.id}/items`, { token, body })),
		);
		expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
		const ids = new Set(results.map((r) => r.body.itemId));
		expect(ids.size).toBe(50);
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items).toHaveLength(50);
		const full = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
		expect(full.status).toBe(409);
		expect(full.body).toEqual(problem("CART_FULL", 409));
	});

	it("replays a retried add with the same Idempotency-Key and refuses the key for another body", async () => {
		const token = await tokenFor("cust_idem_add");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		const headers = { "idempotency-key": "add-1" };
		const first = await call("POST", `/v1/carts/${cart.id}/items`, { token, body, headers });
		const retry = await call("POST", `/v1/carts/${cart.id}/items`, { token, body, headers });
		expect(retry).toMatchObject({ status: 201, body: first.body });
		const other = await call("POST", `/v1/carts/${cart.id}/items`, {
			token,
			body: { ...body, quantity: 3 },
			headers,
		});
		expect(other.status).toBe(409);
		expect(other.body).toEqual(problem("IDEMPOTENCY_KEY_REUSED", 409));
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items).toHaveLength(1);
	});

	it("answers 400 with field paths for an invalid body and changes nothing", async () => {
		const token = await tokenFor("cust_invalid");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		const bad = {
			...body,
			quantity: 11,
			details: { ...body.details, passenger: { name: "" }, pickup: { lat: 91, lng: 0, address: "x" } },
		};
		const res = await call("POST", `/v1/carts/${cart.id}/items`, { token, body: bad });
		expect(res.status).toBe(400);
		expect(res.body).toEqual(problem("VALIDATION_FAILED", 400));
		const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
		expect(paths).toEqual([
			"details.passenger.name",
			"details.passenger.phone",
			"details.pickup.lat",
			"quantity",
		]);
		const unknownType = await call("POST", `/v1/carts/${cart.id}/items`, {
			token,
			body: { ...body, businessType: "BOAT" },
		});
		expect(unknownType.status).toBe(400);
		expect(unknownType.body.errors[0].path).toBe("businessType");
		const malformed = await call("POST", `/v1/carts/${cart.id}/items`, {
			token,
			rawBody: '{"businessType":',
		});
		expect(malformed.status).toBe(400);
		expect(malformed.body).toEqual(
			problem("VALIDATION_FAILED", 400, { errors: [{ path: "body", message: expect.any(String) }] }),
		);
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items).toEqual([]);
	});

	it("rejects unknown sessions and fleets, other business types and details that were not quoted", async () => {
		const token = await tokenFor("cust_quote");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		const path = `/v1/carts/${cart.id}/items`;
		const unknownSession = await call("POST", path, { token, body: { ...body, sessionId: "ses_missing" } });
		expect(unknownSession.status).toBe(422);
		expect(unknownSession.body).toEqual(problem("SESSION_NOT_FOUND", 422));
		const unknownFleet = await call("POST", path, { token, body: { ...body, fleetId: "boat-fleet" } });
		expect(unknownFleet.body).toEqual(problem("FLEET_NOT_FOUND", 422));
		const rent = await search(token, "RENT", rentSearch());
		const wrongType = await call("POST", path, {
			token,
			body: { ...body, sessionId: rent.sessionId, fleetId: rent.fleets[0]?.fleetId },
		});
		expect(wrongType.body).toEqual(problem("BUSINESS_TYPE_MISMATCH", 422));
		const moved = {
			...body,
			details: { ...body.details, dropoff: { lat: -6.9, lng: 107.6, address: "Bandung" } },
		};
		const mismatch = await call("POST", path, { token, body: moved });
		expect(mismatch.status).toBe(422);
		expect(mismatch.body).toEqual(
			problem("DETAILS_MISMATCH", 422, {
				errors: [{ path: "details.dropoff", message: "Differs from the searched value" }],
			}),
		);
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items).toEqual([]);
	});

	it("adds items of every business type", async () => {
		const token = await tokenFor("cust_types");
		const cart = await newCart(token);
		const rentDetails = rentSearch();
		const rent = await search(token, "RENT", rentDetails);
		const party = (name: string, lat: number) => ({
			lat,
			lng: 106.8,
			address: `${name} street`,
			name,
			phone: "+62811111111",
		});
		const deliveryDetails = {
			sender: party("Ani", -6.2),
			recipient: party("Budi", -6.25),
			package: { weightKg: 3, description: "Books" },
		};
		const delivery = await search(token, "DELIVERY", deliveryDetails);
		const date = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
		const shuttle = await search(token, "SHUTTLE", { origin: "Jakarta", destination: "Bandung", date });
		const seat = shuttle.fleets[0];
		const adds = [
			{
				businessType: "RENT",
				sessionId: rent.sessionId,
				fleetId: rent.fleets[0]?.fleetId,
				quantity: 1,
				details: rentDetails,
			},
			{
				businessType: "DELIVERY",
				sessionId: delivery.sessionId,
				fleetId: delivery.fleets[0]?.fleetId,
				quantity: 1,
				details: deliveryDetails,
			},
			{
				businessType: "SHUTTLE",
				sessionId: shuttle.sessionId,
				fleetId: seat?.fleetId,
				quantity: 3,
				details: { routeId: seat?.attributes?.routeId, departureAt: seat?.attributes?.departureAt },
			},
		];
		for (const body of adds) {
			const res = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
			expect(res.status, JSON.stringify(res.body)).toBe(201);
		}
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items.map((i: { businessType: string }) => i.businessType)).toEqual([
			"RENT",
			"DELIVERY",
			"SHUTTLE",
		]);
		expect(got.body.items[2].amount).toBe((seat?.unitPrice ?? 0) * 3);
	});
});

describe("SetQuantity and DeleteCartItem", () => {
	it("changes a quantity within 1–10 and recomputes the amount", async () => {
		const token = await tokenFor("cust_qty");
		const cart = await newCart(token);
		const { body, fleet } = await taxiItem(token);
		const added = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
		const path = `/v1/carts/${cart.id}/items/${added.body.itemId}`;
		const res = await call("PATCH", path, { token, body: { quantity: 4 } });
		expect(res.status).toBe(200);
		expect(res.body.items[0]).toMatchObject({ quantity: 4, amount: fleet.unitPrice * 4 });
		for (const quantity of [0, 11, 2.5, "3"]) {
			const bad = await call("PATCH", path, { token, body: { quantity } });
			expect(bad.status, String(quantity)).toBe(400);
			expect(bad.body).toEqual(
				problem("VALIDATION_FAILED", 400, { errors: [expect.objectContaining({ path: "quantity" })] }),
			);
		}
		const missing = await call("PATCH", `/v1/carts/${cart.id}/items/item_missing`, {
			token,
			body: { quantity: 2 },
		});
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual(problem("ITEM_NOT_FOUND", 404));
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items[0].quantity).toBe(4);
	});

	it("removes a line, and a second delete answers 404", async () => {
		const token = await tokenFor("cust_delete");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		const added = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
		const path = `/v1/carts/${cart.id}/items/${added.body.itemId}`;
		const res = await call("DELETE", path, { token });
		expect(res.status).toBe(200);
		expect(res.body.items).toEqual([]);
		expect(res.body.pricing.total).toBe(0);
		const again = await call("DELETE", path, { token });
		expect(again.body).toEqual(problem("ITEM_NOT_FOUND", 404));
	});

	it("does not let another customer change a cart", async () => {
		const token = await tokenFor("cust_victim");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		const added = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
		const intruder = await tokenFor("cust_attacker");
		const path = `/v1/carts/${cart.id}/items/${added.body.itemId}`;
		expect((await call("PATCH", path, { token: intruder, body: { quantity: 9 } })).status).toBe(404);
		expect((await call("DELETE", path, { token: intruder })).status).toBe(404);
		expect((await call("POST", `/v1/carts/${cart.id}/items`, { token: intruder, body })).status).toBe(404);
		expect(
			(await call("PUT", `/v1/carts/${cart.id}/promo`, { token: intruder, body: { code: "HEMAT10" } }))
				.status,
		).toBe(404);
		const got = await call("GET", `/v1/carts/${cart.id}`, { token });
		expect(got.body.items).toHaveLength(1);
		expect(got.body.items[0].quantity).toBe(1);
		expect(got.body.promo).toBeUndefined();
	});
});
