import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { callbacksGuide } from "./callbacks";
import { withDiscriminators } from "./discriminators";
import { examples } from "./examples";
import { problemExamples } from "./problem-examples";

type Json = Record<string, unknown>;
type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

const obj = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});

export const info = {
	title: "Order Orchestrator API",
	version: "1.0.0",
	description: `One cart for Taxi rides, Rent cars, Deliveries and Shuttle seats, one payment, and every item booked with its partner, all-or-nothing. Errors are RFC 9457 problem+json with a stable \`code\`; every answer carries \`X-Request-Id\`, and a problem names it as \`requestId\`.

${callbacksGuide}`,
};

/**
 * Fills each operation's request and response examples from examples.ts (keyed by operationId),
 * and each problem answer with one example per code it lists.
 */
function withExamples(document: Document): Document {
	for (const item of Object.values(obj(document.paths))) {
		for (const raw of Object.values(obj(item))) {
			const operation = obj(raw);
			const own = examples[String(operation.operationId)];
			const requestJson = obj(obj(obj(operation.requestBody).content)["application/json"]);
			if (own?.request !== undefined && Object.keys(requestJson).length > 0) {
				if (own.requestVariants) {
					requestJson.examples = {
						default: { summary: own.requestSummary ?? "Example", value: own.request },
						...own.requestVariants,
					};
				} else {
					requestJson.example = own.request;
				}
			}
			for (const [status, rawResponse] of Object.entries(obj(operation.responses))) {
				const response = obj(rawResponse);
				const content = obj(response.content);
				const success = own?.responses[status];
				const json = content["application/json"];
				if (json && success !== undefined) obj(json).example = success;
				const problem = content["application/problem+json"];
				if (problem) obj(problem).examples = problemExamples(String(response.description ?? ""));
			}
		}
	}
	return document;
}

const built = new WeakMap<object, Document>();

/** The OpenAPI 3.1 document as served at /openapi.json, built once per isolate. */
export function openApiDocument(app: OpenAPIHono<AppEnv>): Document {
	let document = built.get(app);
	if (!document) {
		document = withExamples(withDiscriminators(app.getOpenAPI31Document({ openapi: "3.1.0", info })));
		built.set(app, document);
	}
	return document;
}
