import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";

/**
 * The pages are static assets (public/), served before the worker runs: `/` is the reservation
 * app, `/track` the tracking page, `/docs` the API reference. `/track/{bookingId}` is one page
 * for every booking, so the worker answers it with /track's file (the booking id is read by the
 * page from its own URL, the access token from the fragment, which no server ever sees).
 */
export function pageRoutes(app: OpenAPIHono<AppEnv>): void {
	app.get("/track/:bookingId{[A-Za-z0-9_-]{1,64}}", async (c) => {
		const page = await c.env.ASSETS.fetch(new URL("/track", c.req.url));
		// A fetched answer's headers are immutable; the edge middleware adds its own.
		return new Response(page.body, page);
	});
}
