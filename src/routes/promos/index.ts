import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { promoValidate } from "./promos.handlers";
import * as routes from "./promos.routes";

export function promoRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openapi(routes.promoValidate, promoValidate);
}
