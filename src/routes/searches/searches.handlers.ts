import type { RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { sessionManager } from "../../partners";
import type { searchFleets as route } from "./searches.routes";

export const searchFleets: RouteHandler<typeof route, AppEnv> = async (c) => {
	const { businessType, details } = c.req.valid("json");
	const reply = await sessionManager(c.env).search(businessType, details);
	return c.json(reply, 200);
};
