import type { Context, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "./app-env";
import { ApiError, problemResponse } from "./errors";
import { log } from "./log";
import { currentTrace, traceOfRequest, withTrace } from "./trace";

/**
 * What every request meets at the edge, before and after its route: a size limit on bodies,
 * headers that keep answers out of caches and content sniffing, and a 405 (with `Allow`) for a
 * known path asked with a method it does not take.
 */

/** No route takes more than this: a cart of 50 lines with notes fits many times over. */
export const MAX_BODY_BYTES = 64 * 1024;

export const limitBody: MiddlewareHandler<AppEnv> = bodyLimit({
	maxSize: MAX_BODY_BYTES,
	onError: () => {
		throw new ApiError("PAYLOAD_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
	},
});

/** The route pattern a request was answered by, written as in the OpenAPI document. */
function routeOf(c: Context<AppEnv>): string {
	const route = matchedRoutes(c)
		.filter((r) => r.method !== "ALL")
		.at(-1);
	return route ? route.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}") : "unmatched";
}

/**
 * Every request runs in its trace (X-Request-Id and traceparent continued when valid), answers
 * with its X-Request-Id, and leaves one log line: route pattern, status and duration, no bodies,
 * no query strings, no headers.
 */
export const traced: MiddlewareHandler<AppEnv> = async (c, next) => {
	const trace = currentTrace() ?? traceOfRequest(c.req.raw.headers);
	const started = performance.now();
	await withTrace(trace, async () => {
		await next();
		c.res.headers.set("x-request-id", trace.requestId);
		const status = c.res.status;
		log(status >= 500 ? "error" : "info", "request", {
			method: c.req.method,
			route: routeOf(c),
			status,
			ms: Math.round((performance.now() - started) * 10) / 10,
		});
	});
};

/** Answers about bookings, carts and operators are private to their caller and never cached. */
export const responseHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
	await next();
	const headers = c.res.headers;
	headers.set("x-content-type-options", "nosniff");
	if ((c.req.path.startsWith("/v1/") || c.req.path.startsWith("/internal")) && !headers.has("cache-control"))
		headers.set("cache-control", "no-store");
};

type Route = { method: string; pattern: RegExp };

/** The methods each registered path takes, as patterns (Hono's `:param` becomes one segment). */
function routeTable(app: Hono<AppEnv>): Route[] {
	return app.routes
		.filter((route) => route.method !== "ALL")
		.map((route) => {
			const source = route.path
				.split("/")
				.map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
				.join("/");
			return { method: route.method, pattern: new RegExp(`^${source}/?$`) };
		});
}

/**
 * A path no route takes is 404; a path some route takes with another method is 405 with the
 * methods it does take, so a client learns its mistake instead of guessing. A GET or HEAD no route
 * takes may be a static file: on Cloudflare those are served before the worker runs (so this
 * finds nothing), while the local runner (scripts/serve.mjs) lets the worker answer them from its
 * assets binding.
 */
export function notFoundOrNotAllowed(app: Hono<AppEnv>) {
	let table: Route[] | undefined;
	return async (c: Context<AppEnv>): Promise<Response> => {
		table ??= routeTable(app);
		const allowed = new Set(
			table.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method),
		);
		if (allowed.size > 0) {
			if (allowed.has("GET")) allowed.add("HEAD");
			const allow = [...allowed].sort().join(", ");
			return problemResponse(
				new ApiError(
					"METHOD_NOT_ALLOWED",
					`${c.req.path} does not take ${c.req.method}; it takes ${allow}.`,
					undefined,
					{
						allow,
					},
				),
			);
		}
		if ((c.req.method === "GET" || c.req.method === "HEAD") && c.env.ASSETS) {
			const file = await c.env.ASSETS.fetch(c.req.raw);
			// A fetched answer's headers are immutable; the edge middleware adds its own.
			if (file.status !== 404) return new Response(file.body, file);
			await file.body?.cancel();
		}
		return problemResponse(new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
	};
}
