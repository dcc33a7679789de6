import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { parseDuration } from "../lib/duration";
import { ApiError } from "../lib/problem";
import { search } from "./pricing";
import { SearchBody, type StoredSession } from "./schemas";
import { classify, isSessionId, newSessionId } from "./sessions";

function quoteTtlMs(env: Env): number {
	const ttl = parseDuration(env.QUOTE_TTL ?? "15m");
	if (ttl === undefined) throw new Error(`QUOTE_TTL is not a duration: ${env.QUOTE_TTL}`);
	return ttl;
}

async function liveSession(env: Env, sessionId: string, now: Date): Promise<StoredSession> {
	const stored = isSessionId(sessionId) ? await env.SESSIONS.getByName(sessionId).read() : null;
	const lookup = classify(stored, now);
	if (lookup.ok) return lookup.session;
	if (lookup.code === "SESSION_EXPIRED") {
		throw new ApiError(410, "SESSION_EXPIRED", `Session ${sessionId} has expired; search again.`);
	}
	throw new ApiError(404, "SESSION_NOT_FOUND", `Session ${sessionId} does not exist.`);
}

/** The Session Manager: fleet search and the quotes it hands out. */
export const sessionManager = new Hono<AppEnv>()
	.post("/searches", async (c) => {
		const request = await readJson(c, SearchBody);
		const now = c.var.now;
		const outcome = search(request, now);
		if (!outcome.ok) throw new ApiError(422, outcome.code, outcome.detail);
		const session: StoredSession = {
			sessionId: newSessionId(),
			businessType: request.businessType,
			details: request.details,
			createdAt: now.toISOString(),
			expiresAt: new Date(now.getTime() + quoteTtlMs(c.env)).toISOString(),
			fleets: outcome.fleets,
		};
		await c.env.SESSIONS.getByName(session.sessionId).create(session);
		const { sessionId, businessType, createdAt, expiresAt, fleets } = session;
		return c.json({ sessionId, businessType, createdAt, expiresAt, fleets }, 201);
	})
	.get("/sessions/:sessionId", async (c) => {
		const session = await liveSession(c.env, c.req.param("sessionId"), c.var.now);
		return c.json(session, 200);
	})
	.get("/sessions/:sessionId/fleets/:fleetId", async (c) => {
		const { sessionId, fleetId } = c.req.param();
		const { fleets, ...session } = await liveSession(c.env, sessionId, c.var.now);
		const fleet = fleets.find((candidate) => candidate.fleetId === fleetId);
		if (!fleet) throw new ApiError(404, "FLEET_NOT_FOUND", `Session ${sessionId} has no fleet ${fleetId}.`);
		return c.json({ ...session, fleet }, 200);
	});
