import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";

/** The sandbox's Config Service: a versioned document, changed by deep-merging partial ones. */
let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

const documentNow = () => getJson(`${sandbox.url}/config-service/v1/configs/order-orchestrator`);
const put = (body: unknown) =>
	fetch(`${sandbox.url}/control/config`, {
		method: "PUT",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(body),
	}).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe("the Config Service", () => {
	it("starts with every payment method on, at version 1", async () => {
		const res = await documentNow();
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			version: 1,
			paymentMethods: { OVO: { enabled: true }, CASH: { enabled: true } },
		});
	});

	it("deep-merges a partial document and bumps the version on every change, and only then", async () => {
		const first = await put({ paymentMethods: { OVO: { enabled: false, disabledMessage: "OVO is down" } } });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({
			version: 2,
			paymentMethods: { OVO: { enabled: false, disabledMessage: "OVO is down" }, GOPAY: { enabled: true } },
		});
		const second = await put({ paymentMethods: { GOPAY: { maxConcurrentBookings: 1 } }, cartTtl: "5m" });
		expect(second.body).toMatchObject({
			version: 3,
			cartTtl: "5m",
			paymentMethods: { OVO: { enabled: false }, GOPAY: { enabled: true, maxConcurrentBookings: 1 } },
		});
		const same = await put({ cartTtl: "5m" });
		expect(same.body.version).toBe(3);
		expect((await documentNow()).body).toEqual(same.body);
	});

	it("refuses a patch that is not one, and changes nothing", async () => {
		const before = (await documentNow()).body;
		for (const body of [
			{ paymentMethods: { BITCOIN: { enabled: true } } },
			{ cartTtl: "soon" },
			{ version: 9 },
		]) {
			expect((await put(body)).status).toBe(400);
		}
		expect((await documentNow()).body).toEqual(before);
	});

	it("goes down on a CONFIG fault", async () => {
		await postJson(`${sandbox.url}/control/faults`, { target: "CONFIG", failRate: 1 });
		expect((await documentNow()).status).toBe(503);
		await fetch(`${sandbox.url}/control/faults`, { method: "DELETE" });
		expect((await documentNow()).status).toBe(200);
	});
});
