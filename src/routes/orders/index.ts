import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import * as handlers from "./orders.handlers";
import * as routes from "./orders.routes";

export function orderRoutes(app: OpenAPIHono<AppEnv>): void {
	app
		.openapi(routes.createOrder, handlers.createOrder)
		.openapi(routes.createOrderWeb, handlers.createOrderWeb)
		.openapi(routes.previewWebOrder, handlers.previewWebOrder)
		.openapi(routes.getOrderDetailWeb, handlers.getOrderDetailWeb)
		.openapi(routes.getOrderReceiptWeb, handlers.getOrderReceiptWeb)
		.openapi(routes.cancelOrderWeb, handlers.cancelOrderWeb)
		.openapi(routes.watchOrderWeb, handlers.watchOrderWeb);
}
