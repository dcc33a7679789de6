import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

describe("sandbox HTTP surface", () => {
	it("answers the liveness check", async () => {
		const response = await getJson(`${sandbox.url}/health`);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ status: "ok" });
	});

	it("answers an unknown route with a 404 problem", async () => {
		const response = await getJson(`${sandbox.url}/payment-processor/payments`);
		expect(response.status).toBe(404);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual({
			type: "/problems/not-found",
			title: "Not found",
			status: 404,
			detail: "No route for GET /payment-processor/payments.",
			code: "NOT_FOUND",
		});
	});

	it.each([
		"/auth/token",
		"/session-manager/searches",
		"/promo-gateway/promos/validate",
		"/promo-gateway/promos/calculate",
	])("answers malformed JSON on %s with a 400 problem", async (route) => {
		for (const body of ['{"code": ', ""]) {
			const response = await postJson(`${sandbox.url}${route}`, body);
			expect(response.status).toBe(400);
			expect(response.contentType).toBe("application/problem+json");
			expect(response.body).toEqual({
				type: "/problems/malformed-json",
				title: "Malformed JSON",
				status: 400,
				detail: "The request body is not valid JSON.",
				code: "MALFORMED_JSON",
				errors: [{ path: "", message: "Expected a JSON document" }],
			});
		}
	});

	it.each([
		"/auth/token",
		"/session-manager/searches",
		"/promo-gateway/promos/validate",
		"/promo-gateway/promos/calculate",
	])("answers a JSON body that is not an object on %s with a 400 at the root path", async (route) => {
		const response = await postJson(`${sandbox.url}${route}`, "[1, 2]");
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "" }] });
	});
});
