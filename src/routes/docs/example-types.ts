import type { RouteConfig, z } from "@hono/zod-openapi";

/** The schema of a request body or response declared as application/json, if there is one. */
type JsonSchemaOf<T> = T extends { content: { "application/json": { schema: infer S extends z.ZodType } } }
	? S
	: never;

type BodyOf<R extends RouteConfig> = R["request"] extends { body: infer B } ? JsonSchemaOf<B> : never;

type JsonStatuses<R extends RouteConfig> = {
	[S in keyof R["responses"]]: [JsonSchemaOf<R["responses"][S]>] extends [never] ? never : S;
}[keyof R["responses"]];

/** The statuses (1xx–3xx) of a route that answer with a JSON body: each needs its example. */
type SuccessStatuses<R extends RouteConfig> = Extract<
	JsonStatuses<R>,
	| `${1 | 2 | 3}${string}`
	| 100
	| 101
	| 200
	| 201
	| 202
	| 203
	| 204
	| 206
	| 300
	| 301
	| 302
	| 303
	| 304
	| 307
	| 308
>;

type RequestExamples<R extends RouteConfig> = [BodyOf<R>] extends [never]
	? { request?: never }
	: {
			/** The whole request body, as a client sends it. */
			request: z.input<BodyOf<R>>;
			/** The title of `request` when there are variants too. */
			requestSummary?: string;
			/** More whole bodies, one per case worth showing (each business type of a union). */
			requestVariants?: Record<string, { summary: string; value: z.input<BodyOf<R>> }>;
		};

/** What one operation's examples hold, checked against its route's own schemas. */
export type RouteExamples<R extends RouteConfig> = RequestExamples<R> & {
	responses: { [S in SuccessStatuses<R>]: z.output<JsonSchemaOf<R["responses"][S]>> } & {
		[S in Exclude<JsonStatuses<R>, SuccessStatuses<R>>]?: z.output<JsonSchemaOf<R["responses"][S]>>;
	};
};

/** The untyped shape the document builder reads. */
export interface OperationExamples {
	operationId: string;
	request?: unknown;
	requestSummary?: string;
	requestVariants?: Record<string, { summary: string; value: unknown }>;
	responses: Record<string, unknown>;
}

/** One operation's examples, typed by its route: a wrong field is a compile error. */
export function examplesOf<R extends RouteConfig>(route: R, examples: RouteExamples<R>): OperationExamples {
	const operationId = (route as { operationId?: string }).operationId;
	if (!operationId) throw new Error(`${route.method.toUpperCase()} ${route.path} has no operationId`);
	return { operationId, ...(examples as Omit<OperationExamples, "operationId">) };
}
