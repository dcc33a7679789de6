import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { ApiError } from "../lib/problem";
import { FAULT_TARGETS, FaultBody } from "./faults";
import { FAULTS_INSTANCE } from "./inject";

const Target = z.enum(FAULT_TARGETS);

/**
 * The chaos control surface: `POST /control/faults` sets one target's fault (replacing what it
 * had), `DELETE /control/faults` clears all of them (or one with `?target=`), GET lists them.
 */
export const faultControls = new Hono<AppEnv>()
	.get("/faults", async (c) => {
		return c.json({ faults: await c.env.FAULTS.getByName(FAULTS_INSTANCE).list() }, 200);
	})
	.post("/faults", async (c) => {
		const body = await readJson(c, FaultBody);
		const faults = await c.env.FAULTS.getByName(FAULTS_INSTANCE).set(body, c.var.now.toISOString());
		return c.json({ faults }, 200);
	})
	.delete("/faults", async (c) => {
		const raw = c.req.query("target");
		const target = raw === undefined ? undefined : Target.safeParse(raw);
		if (target && !target.success) {
			throw new ApiError(400, "VALIDATION_FAILED", "The query is invalid.", [
				{ path: "target", message: `Expected one of ${FAULT_TARGETS.join(", ")}` },
			]);
		}
		const faults = await c.env.FAULTS.getByName(FAULTS_INSTANCE).clear(target?.data);
		return c.json({ faults }, 200);
	});
