import type { Context, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env";
import { ApiError, problemResponse } from "./errors";

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
 * methods it does take, so a client learns its mistake instead of guessing.
 */
export function notFoundOrNotAllowed(app: Hono<AppEnv>) {
	let table: Route[] | undefined;
	return (c: Context<AppEnv>): Response => {
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
		return problemResponse(new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
	};
}
