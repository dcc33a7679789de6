import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { itemDetail } from "./order-items.handlers";
import { itemDetailRoutes } from "./order-items.routes";

export function orderItemRoutes(app: OpenAPIHono<AppEnv>): void {
	for (const { segment, businessType, route } of itemDetailRoutes)
		app.openapi(route, itemDetail(segment, businessType));
}
