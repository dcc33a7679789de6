import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CartDO } from "../../src/durable/cart";
import { call, newCart, problem, taxiItem, tokenFor } from "./support";

const TTL = 15 * 60_000;
const TOMBSTONE = 24 * 3_600_000;

async function filledCart(sub: string) {
	const token = await tokenFor(sub);
	const cart = await newCart(token);
	const { body } = await taxiItem(token);
	await call("POST", `/v1/carts/${cart.id}/items`, { token, body, headers: { "idempotency-key": "k1" } });
	const stub = env.CART.get(env.CART.idFromName(cart.id));
	return { token, cartId: cart.id as string, stub };
}

/** Moves the object's clock; the alarm and every later call read it. */
const shiftClock = (stub: DurableObjectStub<CartDO>, offsetMs: number) =>
	runInDurableObject(stub, (instance: CartDO) => {
		instance.clock = { now: () => Date.now() + offsetMs };
	});

describe("CartDO expiry", () => {
	it("arms its alarm for CART_TTL after the last change", async () => {
		const { stub } = await filledCart("cust_alarm");
		await runInDurableObject(stub, async (instance: CartDO, state) => {
			const cart = state.storage.kv.get<{ expiresAt: number; updatedAt: number }>("cart");
			expect(cart?.expiresAt).toBe((cart?.updatedAt ?? 0) + TTL);
			expect(await state.storage.getAlarm()).toBe(cart?.expiresAt);
			expect(instance.clock).toBeDefined();
		});
	});

	it("does nothing when the alarm fires before the deadline", async () => {
		const { token, cartId, stub } = await filledCart("cust_early");
		expect(await runDurableObjectAlarm(stub)).toBe(true);
		const got = await call("GET", `/v1/carts/${cartId}`, { token });
		expect(got.status).toBe(200);
		await runInDurableObject(stub, async (_i: CartDO, state) => {
			expect(await state.storage.getAlarm()).toBe(Date.parse(got.body.expiresAt));
		});
	});

	it("expires the cart, frees its lines, then purges everything", async () => {
		const { token, cartId, stub } = await filledCart("cust_expiry");
		await shiftClock(stub, TTL + 1_000);
		expect(await runDurableObjectAlarm(stub)).toBe(true);
		const expired = await call("GET", `/v1/carts/${cartId}`, { token });
		expect(expired.status).toBe(404);
		expect(expired.body).toEqual(problem("CART_EXPIRED", 404));
		await runInDurableObject(stub, async (_i: CartDO, state) => {
			expect(state.storage.kv.get<{ status: string; items: unknown[] }>("cart")).toMatchObject({
				status: "EXPIRED",
				items: [],
			});
			expect(await state.storage.getAlarm()).not.toBeNull();
		});
		// Another customer still learns nothing about it.
		const other = await call("GET", `/v1/carts/${cartId}`, { token: await tokenFor("cust_curious") });
		expect(other.body).toEqual(problem("CART_NOT_FOUND", 404));

		await shiftClock(stub, TTL + TOMBSTONE + 2_000);
		expect(await runDurableObjectAlarm(stub)).toBe(true);
		await runInDurableObject(stub, async (_i: CartDO, state) => {
			expect([...state.storage.kv.list()]).toEqual([]);
			expect(await state.storage.getAlarm()).toBeNull();
		});
		const purged = await call("GET", `/v1/carts/${cartId}`, { token });
		expect(purged.body).toEqual(problem("CART_NOT_FOUND", 404));
	});

	it("expires on access when the alarm is late, and refuses changes", async () => {
		const { token, cartId, stub } = await filledCart("cust_late");
		await shiftClock(stub, TTL);
		const res = await call("DELETE", `/v1/carts/${cartId}/promo`, { token });
		expect(res.body).toEqual(problem("CART_EXPIRED", 404));
		const { body } = await taxiItem(token);
		const add = await call("POST", `/v1/carts/${cartId}/items`, { token, body });
		expect(add.body).toEqual(problem("CART_EXPIRED", 404));
	});

	it("keeps a cart alive while it keeps changing", async () => {
		const { token, cartId, stub } = await filledCart("cust_alive");
		await shiftClock(stub, TTL - 60_000);
		const { body } = await taxiItem(token);
		const add = await call("POST", `/v1/carts/${cartId}/items`, { token, body });
		expect(add.status).toBe(201);
		await shiftClock(stub, TTL + 60_000);
		expect(await runDurableObjectAlarm(stub)).toBe(true);
		expect((await call("GET", `/v1/carts/${cartId}`, { token })).status).toBe(200);
	});
});

describe("CartDO after outside I/O", () => {
	it("keeps a cart reopened during the alarm's booking check open, with its expiry armed", async () => {
		const { token, cartId, stub } = await filledCart("cust_reopen_race");
		const owner = (await call("GET", `/v1/carts/${cartId}`, { token })).body;
		const bookingId = "bkg_0000000000000000000000";
		await runInDurableObject(stub, async (instance: CartDO) => {
			const locked = await instance.checkout(
				"cust_reopen_race",
				owner.version,
				{
					cartId,
					ownerId: "cust_reopen_race",
					channel: "APP",
					customer: { name: "A", email: "a@example.com", phone: "+6281234567890" },
					items: [],
					fees: [],
					pricing: { subtotal: 0, discount: 0, fees: 0, total: 0 },
					method: "GOPAY",
				},
				bookingId,
			);
			expect(locked.ok).toBe(true);
			instance.clock = { now: () => Date.now() + 3 * 60_000 };
			// The booking it asks for was canceled meanwhile: its reopen lands during the call.
			const real = (instance as unknown as { env: Env }).env;
			(instance as unknown as { env: Env }).env = {
				...real,
				BOOKING: {
					idFromName: () => ({}),
					// Stubs call every method through TracedObject.traced.
					get: () => ({
						traced: async (_trace: unknown, method: string) =>
							method === "create" ? instance.reopen(bookingId) : undefined,
					}),
				} as unknown as Env["BOOKING"],
			};
		});
		expect(await runDurableObjectAlarm(stub)).toBe(true);
		await runInDurableObject(stub, async (_i: CartDO, state) => {
			const cart = state.storage.kv.get<{ status: string; expiresAt: number }>("cart");
			expect(cart?.status).toBe("OPEN");
			expect(state.storage.kv.get("checkout-ensured")).toBeUndefined();
			expect(await state.storage.getAlarm()).toBe(cart?.expiresAt);
		});
	});
});
