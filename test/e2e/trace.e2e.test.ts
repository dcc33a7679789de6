import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contact, customerToken, orderWithLink, pay, until } from "./saga-support";
import { call, type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * Logs and traces you can follow, on the real stack with LOG_FORMAT=json: every answer carries
 * an X-Request-Id, a client's traceparent is continued into the upstream calls it causes, and a
 * payment webhook's trace runs through the saga's partner calls: the orchestrator's lines and
 * the headers the sandbox received carry the same trace id. No line carries personal data.
 */
let stack: Stack;
beforeAll(async () => {
	stack = await startE2eStack({ LOG_FORMAT: "json" });
});
afterAll(() => stopAllStacks());

interface Line {
	level: string;
	msg: string;
	requestId?: string;
	traceId?: string;
	bookingId?: string;
	route?: string;
	method?: string;
	status?: number;
	ms?: number;
	[field: string]: unknown;
}
interface Received {
	method: string;
	path: string;
	traceparent?: string;
	requestId?: string;
	traceId?: string;
}

/** The orchestrator's JSON log lines so far. */
function orchestratorLines(): Line[] {
	const lines: Line[] = [];
	for (const raw of stack.output().split("\n")) {
		const match = /^\[orchestrator\] (\{.*\})$/.exec(raw);
		if (!match) continue;
		try {
			lines.push(JSON.parse(match[1] as string) as Line);
		} catch {}
	}
	return lines;
}

const received = async (traceId: string) =>
	(await call<{ requests: Received[] }>(stack.sandboxUrl, "GET", `/control/traces?traceId=${traceId}`)).body
		.requests;

const env = () => ({ url: stack.url, sandboxUrl: stack.sandboxUrl });

describe("request ids", () => {
	it("echoes a valid X-Request-Id, replaces an invalid one, and quotes it in problems", async () => {
		const mine = await fetch(`${stack.url}/v1/carts/cart_nope`, {
			headers: { "x-request-id": "client-req.42_a" },
		});
		expect(mine.headers.get("x-request-id")).toBe("client-req.42_a");
		expect(await mine.json()).toMatchObject({ code: "UNAUTHORIZED", requestId: "client-req.42_a" });

		for (const bad of ["has space", "x".repeat(129), "ünïcode"]) {
			const response = await fetch(`${stack.url}/health`, { headers: { "x-request-id": encodeURI(bad) } });
			const id = response.headers.get("x-request-id");
			expect(id).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
			expect(id).not.toBe(encodeURI(bad));
		}
		const generated = await fetch(`${stack.url}/v1/nowhere`);
		const body = (await generated.json()) as { requestId?: string };
		expect(body.requestId).toBe(generated.headers.get("x-request-id"));
	});

	it("logs one request line per request, with the route pattern and no query or ids in it", async () => {
		const requestId = "route-pattern-check";
		await fetch(`${stack.url}/v1/carts/cart_abc?x=1`, { headers: { "x-request-id": requestId } });
		const line = await until(
			"the request line",
			async () => orchestratorLines().filter((l) => l.msg === "request" && l.requestId === requestId),
			(found) => found.length > 0,
			{ timeoutMs: 5_000, intervalMs: 100 },
		);
		expect(line).toHaveLength(1);
		expect(line[0]).toMatchObject({
			level: "info",
			method: "GET",
			route: "/v1/carts/{cartId}",
			status: 401,
			traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
		expect(line[0]?.ms).toEqual(expect.any(Number));
	});
});

describe("one trace from the webhook through the saga", () => {
	it("continues a client's traceparent into the upstream calls its order makes", async () => {
		const token = await customerToken(env(), "cust_trace_client");
		const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		await orderWithLink(env(), token, [{ type: "TAXI" }], {
			traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
			"x-request-id": "order-from-client-1",
		});
		const line = orchestratorLines().find(
			(l) => l.msg === "request" && l.requestId === "order-from-client-1",
		);
		expect(line?.traceId).toBe(traceId);
		const junk = await call(stack.sandboxUrl, "GET", "/control/traces?traceId=nothex");
		expect(junk).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
		const upstream = await received(traceId);
		// The payment link, asked for by the booking's Durable Object on the request's behalf.
		expect(upstream.map((r) => r.path)).toContain("/payment-processor/payments");
		for (const request of upstream) {
			expect(request.requestId).toBe("order-from-client-1");
			// Our own span id for each call, never the caller's.
			expect(request.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
			expect(request.traceparent).not.toContain("00f067aa0ba902b7");
		}
	});

	it("follows a paid booking by one trace id: webhook, booking transitions, saga steps, partner calls", async () => {
		const token = await customerToken(env(), "cust_trace_saga");
		const { booking, paymentId } = await orderWithLink(env(), token, [{ type: "TAXI" }, { type: "RENT" }]);
		await pay(env(), paymentId);
		await until(
			"every item BOOKED",
			async () =>
				(
					await call<{ items: Array<{ status: string }> }>(stack.url, "GET", `/v1/bookings/${booking.id}`, {
						token,
					})
				).body,
			(b) => b.items.every((item) => item.status === "BOOKED"),
			{ timeoutMs: 30_000, intervalMs: 200 },
		);
		// The saga's outcome point is written right after the progress that booked the items.
		await until(
			"the saga's outcome",
			async () => orchestratorLines().filter((l) => l.msg === "metric" && l.kind === "saga_outcome"),
			(found) => found.length > 0,
			{ timeoutMs: 5_000, intervalMs: 100 },
		);
		const lines = orchestratorLines();
		const webhook = lines.find(
			(l) =>
				l.msg === "payment.event" &&
				l.bookingId === booking.id &&
				l.type === "payment.paid" &&
				l.result === "applied",
		);
		expect(webhook, "the payment.event line").toBeDefined();
		const traceId = webhook?.traceId as string;
		expect(traceId).toMatch(/^[0-9a-f]{32}$/);
		const webhookRequest = lines.find(
			(l) => l.msg === "request" && l.route === "/v1/callbacks/payment" && l.requestId === webhook?.requestId,
		);
		expect(webhookRequest).toMatchObject({ status: 200, traceId });

		const ofTrace = lines.filter((l) => l.traceId === traceId);
		const transitions = ofTrace.filter((l) => l.msg === "booking.transition" && l.bookingId === booking.id);
		expect(transitions.map((l) => l.to)).toContain("ACTIVE");
		const steps = ofTrace.filter((l) => l.msg === "saga.step" && l.bookingId === booking.id);
		expect(steps.map((l) => l.businessType).sort()).toEqual(["RENT", "TAXI"]);
		expect(steps.every((l) => l.outcome === "ok" && l.requestId === webhook?.requestId)).toBe(true);
		const points = ofTrace.filter((l) => l.msg === "metric");
		expect(points.map((l) => l.kind)).toEqual(expect.arrayContaining(["partner_call", "saga_outcome"]));

		const upstream = await received(traceId);
		const partnerCalls = upstream.filter(
			(r) => r.method === "POST" && /^\/partners\/(taxi|rent)\/orders$/.test(r.path),
		);
		expect(partnerCalls.map((r) => r.path).sort()).toEqual([
			"/partners/rent/orders",
			"/partners/taxi/orders",
		]);
		expect(partnerCalls.every((r) => r.requestId === webhook?.requestId)).toBe(true);
		// The confirmation the booking event sends continues the same trace, through the queue.
		await until(
			"the confirmation's notifications in the trace",
			() => received(traceId),
			(found) => found.some((r) => r.path.startsWith("/notifications")),
			{ timeoutMs: 15_000, intervalMs: 250 },
		);

		// Ids only: nothing the customer told us is in any line.
		const all = stack.output();
		for (const personal of [
			contact.name,
			contact.email,
			contact.phone,
			"Siti Rahayu",
			"+6281298765432",
			token,
		]) {
			expect(all).not.toContain(personal);
		}
	});

	it("logs a rejected webhook with its reason and no signature", async () => {
		const answer = await fetch(`${stack.url}/v1/callbacks/payment`, {
			method: "POST",
			headers: {
				"content-type": "application/json",
				"x-signature": "t=1,v1=deadbeef",
				"x-request-id": "forged-1",
			},
			body: JSON.stringify({ id: "evt_forged", type: "payment.paid", data: { reference: "bkg_forged" } }),
		});
		expect(answer.status).toBe(401);
		const line = await until(
			"the webhook.rejected line",
			async () => orchestratorLines().find((l) => l.msg === "webhook.rejected" && l.requestId === "forged-1"),
			(found) => found !== undefined,
			{ timeoutMs: 5_000, intervalMs: 100 },
		);
		expect(line).toMatchObject({ kind: "payment", bookingId: "bkg_forged", code: "SIGNATURE_INVALID" });
		expect(JSON.stringify(line)).not.toContain("deadbeef");
	});
});
