import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { searchFleets } from "./searches.handlers";
import * as routes from "./searches.routes";

export function searchRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openapi(routes.searchFleets, searchFleets);
}
