import { z } from "zod";
import { NOTES, type Operation, operations, partnerRef } from "./operations";

/**
 * The sandbox's steering routes as an OpenAPI 3.1 document (served at /openapi.json, rendered at
 * /docs): faults, the Config Service's document, traces, partner orders (and the notes that
 * steer them), payments and tokens. The routes under PREFIXES are checked against the app's own
 * routes by test/sandbox/docs.test.ts, so none can go undocumented.
 */
export const PREFIXES = ["/control/", "/partners/", "/payments/", "/auth/"] as const;

type Json = Record<string, unknown>;

const PATH_PARAMS: Record<string, { description: string; schema: Json; example: string }> = {
	type: {
		description: "The partner gateway.",
		schema: { type: "string", enum: ["taxi", "rent", "delivery", "shuttle"] },
		example: "taxi",
	},
	partnerRef: {
		description: "The order's reference, as the book call answered it.",
		schema: { type: "string" },
		example: partnerRef,
	},
	paymentId: {
		description: "The processor's payment id.",
		schema: { type: "string" },
		example: "pay_4f1c2b",
	},
};

const problem = { $ref: "#/components/schemas/Problem" };

function operation(path: string, method: string, op: Operation): Json {
	const parameters = [
		...[...path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
			name,
			in: "path",
			required: true,
			...PATH_PARAMS[name],
		})),
		...Object.entries(op.query ?? {}).map(([name, description]) => ({
			name,
			in: "query",
			required: false,
			description,
			schema: { type: "string" },
		})),
		...(method === "post" && path === "/partners/{type}/orders"
			? [
					{
						name: "Idempotency-Key",
						in: "header",
						required: true,
						schema: { type: "string" },
						example: "bkg_4hT9q2ZxYvB7mN3kP8sR1w:oi_7Yh3Kd9QbX2mR5tN8vC1pZ:book",
					},
				]
			: []),
	];
	const responses: Json = {
		[op.ok.status ?? 200]: {
			description: op.ok.description,
			content: { "application/json": { example: op.ok.example } },
		},
	};
	for (const [status, description] of Object.entries(op.errors ?? {})) {
		responses[status] = { description, content: { "application/problem+json": { schema: problem } } };
	}
	return {
		operationId: `${method}${path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
		tags: [op.tag],
		summary: op.summary,
		...(op.description ? { description: op.description } : {}),
		...(parameters.length ? { parameters } : {}),
		...(op.body
			? {
					requestBody: {
						required: true,
						content: {
							"application/json": {
								schema: z.toJSONSchema(op.body, { io: "input", unrepresentable: "any" }),
								example: op.example,
							},
						},
					},
				}
			: {}),
		responses,
	};
}

/** The document: built once, it depends on nothing but the code. */
export const sandboxDocument = {
	openapi: "3.1.0",
	info: {
		title: "Order Orchestrator sandbox: steering",
		version: "1.0.0",
		description: `The sandbox plays every upstream of the orchestrator for local runs. These routes steer it: fault rates per target, the Config Service's document, partner orders (book, advance, redeliver), payments (settle, redeliver) and tokens. Problems are problem+json with a stable \`code\`.\n\n## Steering notes\n\n${NOTES}`,
	},
	tags: [
		{
			name: "Faults",
			description: "Chaos: per target, a share of failing calls, of held answers, and latency.",
		},
		{
			name: "Config Service",
			description: "The orchestrator's dynamic configuration, as the Config Service serves it.",
		},
		{ name: "Traces", description: "Which requests of a trace reached the sandbox." },
		{
			name: "Partner orders",
			description: `The partner gateways (/partners/taxi, rent, delivery, shuttle).\n\n${NOTES}`,
		},
		{ name: "Payments", description: "The payment processor's test controls." },
		{ name: "Tokens", description: "The identity provider (its JWKS is at /.well-known/jwks.json)." },
	],
	paths: Object.fromEntries(
		Object.entries(operations).map(([path, methods]) => [
			path,
			Object.fromEntries(
				Object.entries(methods).map(([method, op]) => [method, operation(path, method, op)]),
			),
		]),
	),
	components: {
		schemas: {
			Problem: {
				type: "object",
				required: ["type", "title", "status", "detail", "code"],
				properties: {
					type: { type: "string", example: "/problems/order-not-found" },
					title: { type: "string", example: "Order not found" },
					status: { type: "integer", example: 404 },
					detail: { type: "string", example: `Order ${partnerRef} does not exist.` },
					code: { type: "string", example: "ORDER_NOT_FOUND" },
					errors: {
						type: "array",
						items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
					},
				},
			},
		},
	},
};
