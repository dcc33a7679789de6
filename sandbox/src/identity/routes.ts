import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import type { SigningKey } from "./keys";
import { mintToken } from "./tokens";

const ONE_YEAR_SECONDS = 366 * 24 * 3600;

const TokenBody = z.object({
	sub: z.string().min(1).max(128),
	ttlSeconds: z.number().int().min(-ONE_YEAR_SECONDS).max(ONE_YEAR_SECONDS).default(3600),
	audience: z.string().min(1).max(256).optional(),
	issuer: z.string().min(1).max(256).optional(),
	/** An operator token for /internal/*: the internal audience and this role claim. */
	role: z.enum(["viewer", "operator"]).optional(),
});

function signingKey(env: Env): Promise<SigningKey> {
	return env.IDENTITY_KEYS.getByName("signing-keys").signingKey();
}

/**
 * A JWKS identity provider that mints tokens on request: a customer's (`{ "sub" }`), or an
 * operator's (`{ "sub", "role": "viewer" | "operator" }`, for the internal audience).
 */
export const identity = new Hono<AppEnv>()
	.post("/auth/token", async (c) => {
		const body = await readJson(c, TokenBody);
		const minted = await mintToken(
			await signingKey(c.env),
			{
				sub: body.sub,
				issuer: body.issuer ?? c.env.TOKEN_ISSUER,
				audience: body.audience ?? (body.role ? c.env.TOKEN_INTERNAL_AUDIENCE : c.env.TOKEN_AUDIENCE),
				ttlSeconds: body.ttlSeconds,
				...(body.role ? { role: body.role } : {}),
			},
			c.var.now,
		);
		return c.json(minted, 200);
	})
	.get("/.well-known/jwks.json", async (c) => {
		const key = await signingKey(c.env);
		return c.json({ keys: [key.publicJwk] }, 200, { "cache-control": "public, max-age=60" });
	});
