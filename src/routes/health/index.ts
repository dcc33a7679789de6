import type { OpenAPIHono } from "@hono/zod-openapi";
import { cartOf } from "../../durable/stubs";
import type { AppEnv } from "../../lib/app-env";
import * as routes from "./health.routes";

async function probe(check: () => Promise<unknown>): Promise<"ok" | "failing"> {
	try {
		await check();
		return "ok";
	} catch {
		return "failing";
	}
}

export function healthRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openapi(routes.health, (c) => c.json({ status: "ok" as const }, 200));
	app.openapi(routes.ready, async (c) => {
		const [d1, durableObjects] = await Promise.all([
			probe(() => c.env.DB.prepare("SELECT 1").first()),
			probe(() => cartOf(c.env, "readiness-probe").ping()),
		]);
		const ok = d1 === "ok" && durableObjects === "ok";
		const body = {
			status: ok ? ("ready" as const) : ("unavailable" as const),
			checks: { d1, durableObjects },
		};
		return ok ? c.json(body, 200) : c.json(body, 503);
	});
}
