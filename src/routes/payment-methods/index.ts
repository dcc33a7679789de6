import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import * as handlers from "./payment-methods.handlers";
import * as routes from "./payment-methods.routes";

export function paymentMethodRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openapi(routes.listPaymentMethods, handlers.listPaymentMethods);
}
