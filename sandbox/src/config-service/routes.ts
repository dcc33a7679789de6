import { Hono } from "hono";
import { holdAnswer, injectFaults } from "../control/inject";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { ApiError } from "../lib/problem";
import { CONFIG_INSTANCE } from "./config-do";
import { ConfigPatch } from "./document";

const store = (env: Env) => env.CONFIG.getByName(CONFIG_INSTANCE);

/**
 * The Config Service (the seed's CONFIGSERVICE): `GET /config-service/v1/configs/order-orchestrator`
 * answers the orchestrator's versioned document. Faults set for CONFIG apply (a 503, latency, a
 * held answer): `POST /control/faults {"target":"CONFIG","failRate":1}` takes the service down.
 */
export const configService = new Hono<AppEnv>().get("/v1/configs/:name", async (c) => {
	const name = c.req.param("name");
	if (name !== CONFIG_INSTANCE) {
		throw new ApiError(
			404,
			"CONFIG_NOT_FOUND",
			`No configuration ${name}; the service knows ${CONFIG_INSTANCE}.`,
		);
	}
	const fault = await injectFaults(c.env, "CONFIG");
	const document = await store(c.env).read(c.var.now.toISOString());
	await holdAnswer(c.env, fault.hold);
	return c.json(document, 200);
});

/**
 * Steering the Config Service: `PUT /control/config` deep-merges a partial document into the
 * current one (every field optional) and bumps its version; `DELETE /control/config` resets it.
 */
export const configControls = new Hono<AppEnv>()
	.get("/config", async (c) => c.json(await store(c.env).read(c.var.now.toISOString()), 200))
	.put("/config", async (c) => {
		const patch = await readJson(c, ConfigPatch);
		return c.json(await store(c.env).update(patch, c.var.now.toISOString()), 200);
	})
	.delete("/config", async (c) => c.json(await store(c.env).reset(c.var.now.toISOString()), 200));
