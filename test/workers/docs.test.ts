import type { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { call } from "./support";

/**
 * The API reference's document: every operation carries whole examples, every example is what
 * the route's own schemas accept (so an example cannot lie), unions name their discriminator,
 * and the callbacks guide is in it. The page itself (/docs) is a static asset.
 */
type Json = Record<string, unknown>;
interface Operation {
	operationId: string;
	requestBody?: {
		content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }>;
	};
	responses: Record<
		string,
		{ content?: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> }
	>;
}
interface Document {
	openapi: string;
	info: { description: string };
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, Json> };
}

interface RouteDefinition {
	method: string;
	path: string;
	operationId?: string;
	request?: { body?: { content: Record<string, { schema: z.ZodType }> } };
	responses: Record<string, { content?: Record<string, { schema: z.ZodType }> }>;
}

const routesById = () =>
	new Map(
		createApp()
			.openAPIRegistry.definitions.flatMap((d) =>
				d.type === "route" ? [d.route as unknown as RouteDefinition] : [],
			)
			.map((route) => [route.operationId ?? `${route.method} ${route.path}`, route]),
	);

const document = async () => (await call("GET", "/openapi.json")).body as Document;
const operations = (doc: Document) =>
	Object.entries(doc.paths).flatMap(([path, methods]) =>
		Object.entries(methods).map(([method, op]) => ({ path, method, op })),
	);
const valuesOf = (media: { example?: unknown; examples?: Record<string, { value: unknown }> }) => [
	...(media.example === undefined ? [] : [media.example]),
	...Object.values(media.examples ?? {}).map((e) => e.value),
];
const issues = (schema: z.ZodType, value: unknown) => {
	const parsed = schema.safeParse(value);
	return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the OpenAPI document", () => {
	it("gives every operation a whole request example and an example of each answer", async () => {
		const missing: string[] = [];
		for (const { path, method, op } of operations(await document())) {
			const name = `${op.operationId} (${method.toUpperCase()} ${path})`;
			for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
				if (valuesOf(media).length === 0) missing.push(`${name}: request ${type}`);
			}
			for (const [status, response] of Object.entries(op.responses)) {
				for (const [type, media] of Object.entries(response.content ?? {})) {
					if (valuesOf(media).length === 0) missing.push(`${name}: ${status} ${type}`);
				}
			}
		}
		expect(missing).toEqual([]);
	});

	it("holds only examples the route's own schemas accept", async () => {
		const routes = routesById();
		const wrong: string[] = [];
		let checked = 0;
		for (const { op } of operations(await document())) {
			const route = routes.get(op.operationId);
			if (!route) {
				wrong.push(`${op.operationId}: no route declares it`);
				continue;
			}
			for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
				const schema = route.request?.body?.content[type]?.schema;
				for (const value of valuesOf(media)) {
					checked++;
					if (!schema) wrong.push(`${op.operationId}: request ${type} has no schema`);
					else wrong.push(...issues(schema, value).map((i) => `${op.operationId} request: ${i}`));
				}
			}
			for (const [status, response] of Object.entries(op.responses)) {
				for (const [type, media] of Object.entries(response.content ?? {})) {
					const schema = route.responses[status]?.content?.[type]?.schema;
					for (const value of valuesOf(media)) {
						checked++;
						if (!schema) wrong.push(`${op.operationId}: ${status} ${type} has no schema`);
						else wrong.push(...issues(schema, value).map((i) => `${op.operationId} ${status}: ${i}`));
					}
				}
			}
		}
		expect(wrong).toEqual([]);
		expect(checked).toBeGreaterThan(100);
	});

	it("shows one problem example per code an error answer lists", async () => {
		const doc = await document();
		const addItem = doc.paths["/v1/carts/{cartId}/items"]?.post;
		const conflicts = addItem?.responses["409"]?.content?.["application/problem+json"]?.examples ?? {};
		expect(Object.keys(conflicts).sort()).toEqual(
			["CART_FULL", "CART_NOT_OPEN", "IDEMPOTENCY_KEY_REUSED", "QUOTE_EXPIRED"].sort(),
		);
		expect(conflicts.CART_FULL?.value).toEqual({
			type: "urn:order-orchestrator:problem:cart-full",
			title: "Cart is full",
			status: 409,
			detail: "Cart is full.",
			code: "CART_FULL",
			requestId: "0d7c8b4e-2f0b-4d55-9a3e-6f1d2b7c9a10",
		});
	});

	it("names the discriminator of every business-type union and shows each variant's fields", async () => {
		const { components } = await document();
		const unions = {
			AddCartItemRequest: components.schemas.AddCartItemRequest,
			SearchFleetsRequest: components.schemas.SearchFleetsRequest,
			"CreateOrderWebRequest.items": (
				components.schemas.CreateOrderWebRequest?.properties as Json | undefined
			)?.items as Json | undefined,
		};
		for (const [name, schema] of Object.entries(unions)) {
			const union = (name.endsWith(".items") ? schema?.items : schema) as Json | undefined;
			const resolved = (
				typeof union?.$ref === "string" ? components.schemas[union.$ref.split("/").pop() ?? ""] : union
			) as { oneOf?: Json[]; discriminator?: unknown } | undefined;
			expect(resolved?.discriminator, name).toEqual({ propertyName: "businessType" });
			const variants = resolved?.oneOf ?? [];
			expect(
				variants.map((v) => (v.properties as Json).businessType),
				name,
			).toEqual(
				["TAXI", "RENT", "DELIVERY", "SHUTTLE"].map((type) => expect.objectContaining({ enum: [type] })),
			);
			for (const variant of variants) {
				const properties = variant.properties as Record<string, Json>;
				expect(Object.keys(properties), name).toContain("details");
				const details = properties.details as Json;
				const detailsSchema = (
					typeof details.$ref === "string" ? components.schemas[details.$ref.split("/").pop() ?? ""] : details
				) as Json;
				expect(Object.keys((detailsSchema.properties as Json) ?? {}).length, name).toBeGreaterThan(1);
			}
		}
	});

	it("has the callbacks and signatures section, with both snippets", async () => {
		const { info } = await document();
		expect(info.description).toContain("## Callbacks and signatures");
		expect(info.description).toContain(
			'X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>',
		);
		expect(info.description).toMatch(/```js\n[\s\S]*createHmac\("sha256", SECRET\)[\s\S]*?```/);
		expect(info.description).toMatch(/```sh\n[\s\S]*openssl dgst -sha256 -hmac "\$SECRET"[\s\S]*?```/);
		expect(info.description).toContain("300 seconds");
	});
});

describe("the API reference page", () => {
	it("is not rendered by the worker: /docs is the static page that loads Scalar", async () => {
		const { exports } = await import("cloudflare:workers");
		// No route takes /docs: the worker falls through to its assets, as Cloudflare serves them.
		const response = await exports.default.fetch("http://orchestrator.test/docs");
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('<script src="/vendor/scalar/standalone.js"></script>');
		expect(html).not.toContain("<table");
	});
});
