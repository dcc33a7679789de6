import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { errorCatalog } from "../../src/lib/errors";
import { call, customerContact, newCart, signatureHeader, taxiItem, tokenFor } from "./support";

/**
 * Property-based fuzzing generated from the worker's own OpenAPI document: every operation gets
 * requests built from its parameters and body schema, mutated towards edge values (wrong types,
 * lone surrogates, huge and empty values, unknown fields), with every content type and
 * credential a client might send. Whatever the bytes: no 5xx, every 4xx is problem+json with a
 * catalog code, and a refused request changes nothing a customer holds. FUZZ_SEED repeats a run.
 */
type Schema = {
	$ref?: string;
	type?: string | string[];
	enum?: unknown[];
	const?: unknown;
	properties?: Record<string, Schema>;
	items?: Schema;
	oneOf?: Schema[];
	anyOf?: Schema[];
	allOf?: Schema[];
	format?: string;
	example?: unknown;
	additionalProperties?: Schema | boolean;
};
type Parameter = { name: string; in: "path" | "query" | "header"; schema?: Schema };
type Operation = {
	operationId?: string;
	parameters?: Parameter[];
	requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Document = {
	paths: Record<string, Record<string, Operation>>;
	components?: { schemas?: Record<string, Schema> };
};

const NASTY = [
	"\ud800",
	"\udfff\ud800",
	"a\u0000b",
	"../../etc/passwd",
	"a b",
	"%00",
	"'; DROP TABLE bookings; --",
	"<script>alert(1)</script>",
	"\u202eRTL",
	"😀".repeat(40),
	"x".repeat(5_000),
	"",
	" ",
	"null",
	"-1",
	"1e309",
];
const nastyString = fc.oneof(
	fc.constantFrom(...NASTY),
	fc.string({ unit: "binary", maxLength: 40 }),
	fc.string(),
);
const anything = fc.oneof(
	fc.constant(null),
	fc.boolean(),
	fc.integer(),
	fc.double(),
	nastyString,
	fc.constant([]),
	fc.constant({}),
	fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e21, 2 ** 53 + 1),
);

function generator(doc: Document) {
	const resolve = (schema: Schema): Schema => {
		if (!schema.$ref) return schema;
		const name = schema.$ref.split("/").at(-1) as string;
		return doc.components?.schemas?.[name] ?? {};
	};
	const arb = (raw: Schema, depth = 0): fc.Arbitrary<unknown> => {
		const schema = resolve(raw);
		const variants = schema.oneOf ?? schema.anyOf;
		let typed: fc.Arbitrary<unknown>;
		if (schema.const !== undefined) typed = fc.constant(schema.const);
		else if (schema.enum) typed = fc.constantFrom(...schema.enum);
		else if (variants) typed = fc.oneof(...variants.map((v) => arb(v, depth + 1)));
		else if (schema.allOf) typed = arb(schema.allOf[0] ?? {}, depth + 1);
		else {
			const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
			switch (type) {
				case "object": {
					if (depth > 5) return fc.constant({});
					const props = Object.entries(schema.properties ?? {}).map(
						([k, s]) => [k, arb(s, depth + 1)] as const,
					);
					typed = fc
						.tuple(
							fc.record(Object.fromEntries(props), { requiredKeys: [] }),
							fc.option(fc.dictionary(nastyString, anything, { maxKeys: 2 })),
						)
						.map(([known, extra]) => ({ ...(extra ?? {}), ...known }));
					break;
				}
				case "array":
					typed = fc.array(schema.items ? arb(schema.items, depth + 1) : anything, { maxLength: 3 });
					break;
				case "integer":
				case "number":
					typed = fc.oneof(
						fc.integer({ min: -10, max: 200_000 }),
						fc.constantFrom(0, -1, 1.5, 1e12, Number.MAX_SAFE_INTEGER),
					);
					break;
				case "boolean":
					typed = fc.boolean();
					break;
				case "string":
					typed =
						schema.format === "date-time"
							? fc
									.date({ noInvalidDate: true, min: new Date(2000, 0, 1), max: new Date(2100, 0, 1) })
									.map((d) => d.toISOString())
							: schema.example !== undefined
								? fc.oneof(fc.constant(schema.example), nastyString)
								: nastyString;
					break;
				default:
					typed = anything;
			}
		}
		return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: anything });
	};
	return arb;
}

/** Percent-encodes text as UTF-8, lone surrogates included (as their raw bytes), never throwing. */
function encodeSegment(text: string): string {
	let out = "";
	for (const unit of text) {
		const code = unit.codePointAt(0) as number;
		if (/^[A-Za-z0-9._~-]$/.test(unit)) out += unit;
		else if (code >= 0xd800 && code <= 0xdfff) out += "%ED%A0%80";
		else
			for (const byte of new TextEncoder().encode(unit))
				out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
	}
	return out;
}

/** The secret the caller of a callback route signs with (a partner's: the one its body claims). */
function callbackSecret(path: string, body: string | null): string {
	if (path.endsWith("/payment")) return env.PAYMENT_WEBHOOK_SECRET;
	if (path.endsWith("/receipt")) return env.DOCUMENT_WEBHOOK_SECRET;
	let type = "TAXI";
	try {
		const claimed = (JSON.parse(body ?? "") as { businessType?: unknown })?.businessType;
		if (claimed === "RENT" || claimed === "DELIVERY" || claimed === "SHUTTLE") type = claimed;
	} catch {}
	return (env[`${type as "TAXI"}_PARTNER_WEBHOOK_SECRET`] ?? "").split(",")[0] ?? "";
}

const latin1 = (text: string) => text.replace(/[^\x20-\x7e]/g, "");

const CONTENT_TYPES = [
	"application/json",
	"application/json; charset=utf-8",
	"text/plain",
	"application/x-www-form-urlencoded",
	"multipart/form-data; boundary=fuzz",
	"application/xml",
	undefined,
];

interface Fixture {
	token: string;
	otherToken: string;
	ids: Record<string, string>;
}

const testEnv = env;
let doc: Document;
let fixture: Fixture;

/** What a customer holds; a refused request must leave it exactly as it was. */
async function holdings(): Promise<string> {
	const cart = await call("GET", `/v1/carts/${fixture.ids.cartId}`, { token: fixture.token });
	const booking = await call("GET", `/v1/bookings/${fixture.ids.bookingId}`, { token: fixture.token });
	return JSON.stringify([
		cart.status,
		cart.body?.version,
		cart.body?.items?.length,
		booking.body?.version,
		booking.body?.status,
	]);
}

beforeAll(async () => {
	doc = (await call("GET", "/openapi.json")).body as Document;
	const token = await tokenFor("cust_fuzz");
	const cart = await newCart(token);
	const { body } = await taxiItem(token);
	const added = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
	const other = await newCart(token);
	await call("POST", `/v1/carts/${other.id}/items`, { token, body });
	const ordered = await call("POST", "/v1/orders", {
		token,
		body: { cartId: other.id, paymentMethod: "DANA", customer: customerContact },
	});
	fixture = {
		token,
		otherToken: await tokenFor("cust_fuzz_other"),
		ids: {
			cartId: cart.id,
			itemId: added.body.itemId,
			bookingId: ordered.body.booking.id,
			sessionId: body.sessionId,
		},
	};
	fixture.ids.orderItemId = ordered.body.booking.items[0].id;
});

describe("fuzzing every operation of the OpenAPI document", () => {
	it("answers every request below 500, with problem+json for every 4xx, and changes nothing when it refuses", {
		timeout: 600_000,
	}, async () => {
		const arb = generator(doc);
		const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
			Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
		);
		expect(operations.length).toBeGreaterThan(25);
		const seed = testEnv.FUZZ_SEED ? Number(testEnv.FUZZ_SEED) : Date.now() % 2 ** 31;
		const failures: string[] = [];
		const stats: Record<string, number> = {};
		for (const { path, method, op } of operations) {
			const params = op.parameters ?? [];
			const bodySchema = Object.values(op.requestBody?.content ?? {})[0]?.schema;
			const pathValue = (name: string) =>
				fc.oneof(
					{ weight: 3, arbitrary: fc.constant(fixture.ids[name] ?? "x") },
					{ weight: 2, arbitrary: nastyString.filter((s) => s.length > 0) },
				);
			const request = fc.record({
				path: fc.record(
					Object.fromEntries(params.filter((p) => p.in === "path").map((p) => [p.name, pathValue(p.name)])),
				),
				query: fc.record(
					Object.fromEntries(
						params.filter((p) => p.in === "query").map((p) => [p.name, fc.option(nastyString)]),
					),
					{ requiredKeys: [] },
				),
				body: bodySchema
					? fc.oneof(
							{ weight: 6, arbitrary: arb(bodySchema).map((v) => JSON.stringify(v)) },
							{
								weight: 1,
								arbitrary: fc.constantFrom("{", "[1,", "", "null", "\u0000", "{}".repeat(40_000)),
							},
							{ weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
						)
					: fc.option(fc.constantFrom("{}", "garbage")),
				// Mostly well-formed envelopes, so the body's edge values reach the validators and handlers.
				contentType: fc.oneof(
					{ weight: 4, arbitrary: fc.constant("application/json") },
					{ weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
				),
				auth: fc.oneof(
					{ weight: 4, arbitrary: fc.constant("customer") },
					{ weight: 3, arbitrary: fc.constantFrom("other", "none", "garbage", "basic", "service") },
				),
				idempotencyKey: fc.option(nastyString.map(latin1)),
				signature: fc.oneof(
					{ weight: 3, arbitrary: fc.constant("valid") },
					{
						weight: 2,
						arbitrary: fc.option(
							fc.constantFrom(
								"t=1,v1=00",
								"garbage",
								`t=${Math.floor(Date.now() / 1000)},v1=${"ab".repeat(32)}`,
							),
						),
					},
				),
			});
			await fc
				.assert(
					fc.asyncProperty(request, async (r) => {
						let url = path;
						for (const [name, value] of Object.entries(r.path))
							url = url.replace(`{${name}}`, encodeSegment(String(value)));
						const query = Object.entries(r.query)
							.filter(([, v]) => v !== null && v !== undefined)
							.map(([k, v]) => `${k}=${encodeSegment(String(v))}`)
							.join("&");
						const headers: Record<string, string> = {};
						if (r.contentType) headers["content-type"] = r.contentType;
						const auth = {
							customer: `Bearer ${fixture.token}`,
							other: `Bearer ${fixture.otherToken}`,
							garbage: "Bearer not.a.token",
							basic: "Basic Zm9vOmJhcg==",
							service: `Bearer ${env.INTERNAL_SERVICE_TOKEN}`,
							none: undefined,
						}[r.auth];
						if (auth) headers.authorization = auth;
						if (r.idempotencyKey !== null) headers["idempotency-key"] = r.idempotencyKey || "k";
						if (r.signature === "valid") {
							// Signed as its caller signs it, so a callback's body reaches validation and the handler.
							headers["x-signature"] = await signatureHeader(callbackSecret(path, r.body), r.body ?? "");
						} else if (typeof r.signature === "string") headers["x-signature"] = r.signature;
						const before = await holdings();
						const response = await exports.default.fetch(
							`http://orchestrator.test${url}${query ? `?${query}` : ""}`,
							{
								method,
								headers,
								...(method === "GET" || method === "HEAD" || r.body === null ? {} : { body: r.body }),
							},
						);
						const text = await response.text();
						const tally = `${op.operationId ?? path} ${response.status}`;
						stats[tally] = (stats[tally] ?? 0) + 1;
						const where = `${method} ${url} (${r.contentType ?? "no content type"}, ${r.auth}) → ${response.status}`;
						if (response.status >= 500) {
							failures.push(`${where}: ${text.slice(0, 300)}`);
							return false;
						}
						if (response.status >= 400) {
							if (response.headers.get("content-type") !== "application/problem+json") {
								failures.push(`${where}: content type ${response.headers.get("content-type")}`);
								return false;
							}
							const problem = JSON.parse(text) as { status: number; code: string };
							if (problem.status !== response.status || !(problem.code in errorCatalog)) {
								failures.push(`${where}: problem ${text.slice(0, 200)}`);
								return false;
							}
							const after = await holdings();
							if (after !== before) {
								failures.push(`${where}: refused, but changed ${before} → ${after}`);
								return false;
							}
						}
						return true;
					}),
					{ numRuns: Number(testEnv.FUZZ_RUNS || 20), seed, endOnFailure: true },
				)
				.catch((error: Error) =>
					failures.push(`${op.operationId ?? path}: ${error.message.split("\n").slice(0, 3).join(" ")}`),
				);
		}
		if (testEnv.FUZZ_STATS) console.log(JSON.stringify(stats, null, 1));
		expect(failures, `fuzz seed ${seed}`).toEqual([]);
	});
});
