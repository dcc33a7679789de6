import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import * as handlers from "./internal.handlers";
import * as routes from "./internal.routes";

export function internalRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openAPIRegistry.registerComponent("securitySchemes", "serviceToken", {
		type: "http",
		scheme: "bearer",
		description: "INTERNAL_SERVICE_TOKEN",
	});
	app.openapi(routes.getInternalBookingDetail, handlers.getInternalBookingDetail);
}
