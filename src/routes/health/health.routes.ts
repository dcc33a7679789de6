import { createRoute, z } from "@hono/zod-openapi";
import { json } from "../shared/responses";

const Check = z.enum(["ok", "failing"]);
export const ReadinessSchema = z
	.object({
		status: z.enum(["ready", "unavailable"]),
		checks: z.object({ d1: Check, durableObjects: Check }),
	})
	.openapi("Readiness");

export const health = createRoute({
	method: "get",
	path: "/health",
	operationId: "HealthCheck",
	summary: "Liveness",
	tags: ["Health"],
	responses: { 200: json(z.object({ status: z.literal("ok") }), "The worker is up") },
});

export const ready = createRoute({
	method: "get",
	path: "/health/ready",
	operationId: "HealthCheckReady",
	summary: "Readiness: D1 and Durable Objects answer",
	tags: ["Health"],
	responses: {
		200: json(ReadinessSchema, "Every dependency answers"),
		503: json(ReadinessSchema, "A dependency is failing"),
	},
});
