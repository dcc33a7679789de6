import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { renderReference } from "./render";

const info = {
	title: "Order Orchestrator API",
	version: "1.0.0",
	description:
		"One cart for Taxi rides, Rent cars, Deliveries and Shuttle seats, one payment, and every item booked with its partner, all-or-nothing. Errors are RFC 9457 problem+json with a stable `code`.",
};

export function docsRoutes(app: OpenAPIHono<AppEnv>): void {
	app.doc31("/openapi.json", { openapi: "3.1.0", info });
	app.get("/docs", (c) => {
		const document = app.getOpenAPI31Document({ openapi: "3.1.0", info });
		return c.html(renderReference(document));
	});
}
