import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contact, customerToken, orderWithLink } from "./saga-support";
import { call, type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * Dynamic configuration from the Config Service (the sandbox plays it): a method switched off
 * takes no new order within CONFIG_REFRESH, a changed limit applies to new orders only, and a
 * Config Service that goes down changes nothing for clients.
 */
let stack: Stack;
const REFRESH_MS = 1_000;
beforeAll(async () => {
	stack = await startE2eStack({ CONFIG_REFRESH: `${REFRESH_MS}ms` });
});
afterAll(async () => {
	await call(stack.sandboxUrl, "DELETE", "/control/faults");
	await call(stack.sandboxUrl, "DELETE", "/control/config");
	await stopAllStacks();
});

type Method = {
	method: string;
	enabled: boolean;
	maxConcurrentBookings: number | null;
	disabledMessage?: string;
};
const methods = async () =>
	(await call<{ methods: Method[] }>(stack.url, "GET", "/v1/payment-methods")).body.methods;
const settle = () => sleep(REFRESH_MS + 300);

/** A cart with one taxi line, ordered with `method`: the whole answer. */
async function orderWith(sub: string, method: string) {
	const env = { url: stack.url, sandboxUrl: stack.sandboxUrl };
	const token = await customerToken(env, sub);
	const trip = {
		pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
		dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
		pickupAt: new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 86_400_000).toISOString(),
	};
	const search = await call<{ sessionId: string; fleets: Array<{ fleetId: string }> }>(
		stack.url,
		"POST",
		"/v1/searches",
		{
			token,
			body: { businessType: "TAXI", details: trip },
		},
	);
	const cart = await call<{ id: string }>(stack.url, "POST", "/v1/carts", { token });
	const added = await call(stack.url, "POST", `/v1/carts/${cart.body.id}/items`, {
		token,
		body: {
			businessType: "TAXI",
			sessionId: search.body.sessionId,
			fleetId: search.body.fleets[0]?.fleetId,
			quantity: 1,
			details: { ...trip, passenger: { name: "Siti", phone: "+6281298765432" } },
		},
	});
	expect(added.status, JSON.stringify(added.body)).toBe(201);
	return call<{ code?: string; detail?: string; booking?: { id: string } }>(stack.url, "POST", "/v1/orders", {
		token,
		body: { cartId: cart.body.id, paymentMethod: method, customer: contact },
	});
}

describe("dynamic configuration", () => {
	it("lists every method with its limit, all on by default", async () => {
		const listed = await methods();
		expect(listed.map((m) => m.method)).toHaveLength(10);
		expect(listed.every((m) => m.enabled)).toBe(true);
		expect(listed.find((m) => m.method === "GOPAY")?.maxConcurrentBookings).toBe(2);
		expect(listed.find((m) => m.method === "CASH")).toMatchObject({
			maxConcurrentBookings: null,
			needsPaymentLink: false,
		});
	});

	it("refuses a new OVO order once OVO is switched off, with the configured message, and reserves nothing", async () => {
		const off = await call(stack.sandboxUrl, "PUT", "/control/config", {
			body: {
				paymentMethods: {
					OVO: { enabled: false, disabledMessage: "OVO is under maintenance until 14:00 WIB." },
				},
			},
		});
		expect(off.status).toBe(200);
		await settle();
		expect((await methods()).find((m) => m.method === "OVO")).toMatchObject({
			enabled: false,
			disabledMessage: "OVO is under maintenance until 14:00 WIB.",
		});
		const refused = await orderWith("cust_config_ovo", "OVO");
		expect(refused.status).toBe(422);
		expect(refused.body).toMatchObject({
			code: "PAYMENT_METHOD_DISABLED",
			detail: "OVO is under maintenance until 14:00 WIB.",
		});
		expect((await orderWith("cust_config_ovo", "GOPAY")).status).toBe(201);
	});

	it("applies a lowered limit to new orders only, never to bookings already holding a slot", async () => {
		const env = { url: stack.url, sandboxUrl: stack.sandboxUrl };
		const token = await customerToken(env, "cust_config_limit");
		const first = await orderWithLink(env, token, [{ type: "TAXI" }]);
		const second = await orderWithLink(env, token, [{ type: "TAXI" }]);
		await call(stack.sandboxUrl, "PUT", "/control/config", {
			body: { paymentMethods: { GOPAY: { maxConcurrentBookings: 1 } } },
		});
		await settle();
		expect((await methods()).find((m) => m.method === "GOPAY")?.maxConcurrentBookings).toBe(1);
		// Both bookings made before the change go on; a new one is refused, and so is one after canceling one.
		for (const held of [first, second]) {
			const booking = await call<{ status: string }>(stack.url, "GET", `/v1/bookings/${held.booking.id}`, {
				token,
			});
			expect(booking.body.status).toBe("CREATED");
		}
		const third = await orderWith("cust_config_limit", "GOPAY");
		expect(third.body).toMatchObject({ code: "PAYMENT_METHOD_LIMIT" });
		await call(stack.sandboxUrl, "PUT", "/control/config", {
			body: { paymentMethods: { GOPAY: { maxConcurrentBookings: 2 } } },
		});
	});

	it("changes nothing for clients when the Config Service goes down", async () => {
		await call(stack.sandboxUrl, "POST", "/control/faults", { body: { target: "CONFIG", failRate: 1 } });
		await settle();
		// The last good document stays in force: OVO still off, everything else answers as before.
		const listed = await call<{ methods: Method[] }>(stack.url, "GET", "/v1/payment-methods");
		expect(listed.status).toBe(200);
		expect(listed.body.methods.find((m) => m.method === "OVO")?.enabled).toBe(false);
		expect((await orderWith("cust_config_down", "DANA")).status).toBe(201);
		expect((await orderWith("cust_config_down", "OVO")).body).toMatchObject({
			code: "PAYMENT_METHOD_DISABLED",
		});
		expect(stack.output()).toContain("config service unavailable");
	});
});
