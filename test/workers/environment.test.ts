import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { problem } from "./support";

/** A bad variable is an operator error: a clear 500 naming it, before any route runs. */
describe("the environment", () => {
	it.each([
		["CART_TTL", "soon", "must be a duration like 30s, 15m or 2h"],
		["PAYMENT_PROCESSOR_URL", "not a url", "must be an absolute URL"],
		["MAX_CREDIT_CARD_DAILY_BUDGET", "lots", "must be a whole IDR amount"],
		["LOG_LEVEL", "chatty", "must be one of debug, info, warn, error"],
	])("answers BAD_ENVIRONMENT naming %s when it is %j", async (name, value, why) => {
		const broken = { ...env, [name]: value } as Env;
		const res = await worker.fetch(
			new Request("http://orchestrator.test/health"),
			broken,
			createExecutionContext(),
		);
		expect(res.status).toBe(500);
		const body = (await res.json()) as { detail: string; requestId: string };
		expect(body).toEqual(problem("BAD_ENVIRONMENT", 500));
		expect(body.requestId).toBe(res.headers.get("x-request-id"));
		expect(body.detail).toContain(name);
		expect(body.detail).toContain(why);
	});
});
