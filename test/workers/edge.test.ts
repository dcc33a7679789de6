import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newCart, problem, taxiItem, tokenFor } from "./support";

/** Whatever bytes, headers or content type a client sends, the answer is a problem, never a 500. */
const raw = (
	method: string,
	path: string,
	init: { headers?: Record<string, string>; body?: BodyInit } = {},
) => exports.default.fetch(`http://orchestrator.test${path}`, { method, ...init });

async function problemOf(response: Response) {
	expect(response.headers.get("content-type")).toBe("application/problem+json");
	return response.json();
}

describe("the edge", () => {
	it("answers a JSON route sent another content type with 415, on every such route", async () => {
		const token = await tokenFor("cust_edge_media");
		const cart = await newCart(token);
		const auth = { authorization: `Bearer ${token}` };
		const bodies: Array<[Record<string, string>, BodyInit]> = [
			[{ "content-type": "text/plain" }, '{"quantity":1}'],
			[{ "content-type": "application/x-www-form-urlencoded" }, "quantity=1"],
			[{}, new Blob(['{"quantity":1}'])],
		];
		for (const path of [`/v1/carts/${cart.id}/items`, "/v1/orders", "/v1/promos/validate", "/v1/searches"]) {
			for (const [headers, body] of bodies) {
				const res = await raw("POST", path, { headers: { ...auth, ...headers }, body });
				expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(415);
				expect(await problemOf(res)).toEqual(problem("UNSUPPORTED_MEDIA_TYPE", 415));
			}
		}
		const form = new FormData();
		form.set("quantity", "1");
		const multipart = await raw("POST", "/v1/web/orders", { body: form });
		expect(await problemOf(multipart)).toEqual(problem("UNSUPPORTED_MEDIA_TYPE", 415));
	});

	it("answers a known path asked with another method 405, naming the methods it takes", async () => {
		const orders = await raw("DELETE", "/v1/orders");
		expect(orders.status).toBe(405);
		expect(orders.headers.get("allow")).toBe("POST");
		expect(await problemOf(orders)).toEqual(problem("METHOD_NOT_ALLOWED", 405));
		const cart = await raw("PUT", "/v1/carts/cart_4hT9q2ZxYvB7mN3kP8sR1w");
		expect(cart.status).toBe(405);
		expect(cart.headers.get("allow")).toBe("GET, HEAD");
		expect((await raw("GET", "/v1/nowhere")).status).toBe(404);
	});

	it("refuses a body over 64 KiB with 413 and changes nothing", async () => {
		const res = await raw("POST", "/v1/web/orders", {
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ pad: "x".repeat(70 * 1024) }),
		});
		expect(res.status).toBe(413);
		expect(await problemOf(res)).toEqual(problem("PAYLOAD_TOO_LARGE", 413));
	});

	it("refuses ids that are not ids (a lone surrogate, a slash, a space) before any upstream call", async () => {
		const token = await tokenFor("cust_edge_ids");
		const cart = await newCart(token);
		const { body } = await taxiItem(token);
		for (const [field, value] of [
			["sessionId", "\ud800"],
			["fleetId", "\udfff-fleet"],
			["sessionId", "../../admin"],
			["fleetId", "a b"],
		] as const) {
			const res = await call("POST", `/v1/carts/${cart.id}/items`, {
				token,
				body: { ...body, [field]: value },
			});
			expect(res.status, `${field}=${JSON.stringify(value)}`).toBe(400);
			expect(res.body).toEqual(
				problem("VALIDATION_FAILED", 400, { errors: [expect.objectContaining({ path: field })] }),
			);
		}
		const web = await call("POST", "/v1/web/orders", {
			body: {
				items: [{ ...body, sessionId: "\ud800" }],
				paymentMethod: "GOPAY",
				customer: { name: "A", email: "a@example.com", phone: "+6281234567890" },
			},
		});
		expect(web.status).toBe(400);
		const path = await call("GET", "/v1/bookings/%F0%9F%98%80", { token });
		expect(path.status).toBe(400);
		expect((await call("GET", `/v1/carts/${cart.id}`, { token })).body.items).toHaveLength(0);
	});

	it("marks answers private and not to be sniffed", async () => {
		const token = await tokenFor("cust_edge_headers");
		const cart = await raw("POST", "/v1/carts", { headers: { authorization: `Bearer ${token}` } });
		expect(cart.status).toBe(201);
		expect(cart.headers.get("cache-control")).toBe("no-store");
		expect(cart.headers.get("x-content-type-options")).toBe("nosniff");
		const denied = await raw("GET", "/v1/bookings");
		expect(denied.headers.get("cache-control")).toBe("no-store");
		expect(denied.headers.get("x-content-type-options")).toBe("nosniff");
	});
});

describe("static pages behind the API", () => {
	it("serves a page a GET asks for, and answers problem+json for what is neither route nor file", async () => {
		const page = await exports.default.fetch("http://orchestrator.test/");
		expect(page.status).toBe(200);
		expect(page.headers.get("content-type")).toContain("text/html");
		expect(await page.text()).toContain('src="/app/');
		for (const [method, path] of [
			["GET", "/app/missing.js"],
			["POST", "/"],
			["DELETE", "/track"],
		] as const) {
			const res = await call(method, path);
			expect(res.status, `${method} ${path}`).toBe(404);
			expect(res.headers.get("content-type")).toContain("application/problem+json");
		}
	});
});
