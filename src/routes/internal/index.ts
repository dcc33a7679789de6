import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { consoleRoutes } from "./console";
import * as handlers from "./internal.handlers";
import * as routes from "./internal.routes";

export function internalRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openAPIRegistry.registerComponent("securitySchemes", "serviceToken", {
		type: "http",
		scheme: "bearer",
		description: "INTERNAL_SERVICE_TOKEN: full rights (the actor `service-token`).",
	});
	app.openAPIRegistry.registerComponent("securitySchemes", "operatorToken", {
		type: "http",
		scheme: "bearer",
		bearerFormat: "JWT",
		description:
			'An operator JWT from the identity provider: audience AUTH_INTERNAL_AUDIENCE, a `role` claim `viewer` (read) or `operator` (read and act). Locally: the sandbox\'s POST /auth/token with {"sub":"op_ana","role":"operator"}.',
	});
	consoleRoutes(app);
	app.openapi(routes.searchBookings, handlers.searchBookings);
	app.openapi(routes.getOperationsSummary, handlers.getOperationsSummary);
	app.openapi(routes.listDeadEvents, handlers.listDeadEvents);
	app.openapi(routes.replayDeadEvent, handlers.replayDeadEvent);
	app.openapi(routes.getBookingTimeline, handlers.getBookingTimeline);
	app.openapi(routes.runOperatorAction, handlers.runOperatorAction);
	app.openapi(routes.getInternalBookingDetail, handlers.getInternalBookingDetail);
}
