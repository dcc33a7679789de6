import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import * as handlers from "./callbacks.handlers";
import * as routes from "./callbacks.routes";

export function callbackRoutes(app: OpenAPIHono<AppEnv>): void {
	app
		.openapi(routes.callbackPayment, handlers.callbackPayment)
		.openapi(routes.callbackOrderItem, handlers.callbackOrderItem)
		.openapi(routes.callbackReceipt, handlers.callbackReceipt);
}
