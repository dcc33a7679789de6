import { createLocalJWKSet, decodeProtectedHeader, errors, type JSONWebKeySet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, validationProblem } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

async function jwks(): Promise<JSONWebKeySet> {
	const response = await getJson(`${sandbox.url}/.well-known/jwks.json`);
	expect(response.status).toBe(200);
	return response.body as JSONWebKeySet;
}

async function mint(body: Record<string, unknown>): Promise<{ token: string; expiresAt: string }> {
	const response = await postJson(`${sandbox.url}/auth/token`, body);
	expect(response.status).toBe(200);
	return response.body as { token: string; expiresAt: string };
}

describe("identity provider", () => {
	it("mints an ES256 token that verifies against the JWKS with the default issuer and audience", async () => {
		const before = Math.floor(Date.now() / 1000);
		const { token, expiresAt } = await mint({ sub: "cust-123" });
		const keys = await jwks();

		const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys), {
			algorithms: ["ES256"],
			issuer: "order-orchestrator-sandbox",
			audience: "order-orchestrator",
			requiredClaims: ["exp", "iat", "sub"],
		});
		expect(protectedHeader).toEqual({ alg: "ES256", kid: keys.keys[0]?.kid, typ: "JWT" });
		expect(payload).toEqual({
			sub: "cust-123",
			iss: "order-orchestrator-sandbox",
			aud: "order-orchestrator",
			iat: expect.any(Number),
			exp: expect.any(Number),
		});
		expect(payload.iat).toBeGreaterThanOrEqual(before);
		expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
		expect(expiresAt).toBe(new Date((payload.exp ?? 0) * 1000).toISOString());
	});

	it("publishes one public P-256 key, cacheable, and the same key on every call", async () => {
		const first = await getJson(`${sandbox.url}/.well-known/jwks.json`);
		const second = await getJson(`${sandbox.url}/.well-known/jwks.json`);

		expect(first.headers.get("cache-control")).toBe("public, max-age=60");
		expect(first.body).toEqual({
			keys: [
				{
					kty: "EC",
					crv: "P-256",
					x: expect.any(String),
					y: expect.any(String),
					kid: expect.any(String),
					alg: "ES256",
					use: "sig",
				},
			],
		});
		expect(second.body).toEqual(first.body);
	});

	it("signs every token with the published key", async () => {
		const [a, b] = await Promise.all([mint({ sub: "a" }), mint({ sub: "b" })]);
		const kid = (await jwks()).keys[0]?.kid;
		expect(decodeProtectedHeader(a.token).kid).toBe(kid);
		expect(decodeProtectedHeader(b.token).kid).toBe(kid);
	});

	it("honours a custom audience, issuer and ttl", async () => {
		const { token } = await mint({
			sub: "svc-ops",
			audience: "internal",
			issuer: "ops-issuer",
			ttlSeconds: 60,
		});
		const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), {
			algorithms: ["ES256"],
			issuer: "ops-issuer",
			audience: "internal",
		});
		expect(payload.sub).toBe("svc-ops");
		expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
	});

	it("mints an already-expired token for a negative ttl", async () => {
		const { token, expiresAt } = await mint({ sub: "cust-123", ttlSeconds: -120 });
		expect(Date.parse(expiresAt)).toBeLessThan(Date.now() - 100_000);
		await expect(
			jwtVerify(token, createLocalJWKSet(await jwks()), { algorithms: ["ES256"] }),
		).rejects.toBeInstanceOf(errors.JWTExpired);
	});

	it("rejects an invalid token request with the offending fields", async () => {
		const response = await postJson(`${sandbox.url}/auth/token`, {
			sub: "",
			ttlSeconds: 1.5,
			audience: 42,
		});
		expect(response.status).toBe(400);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual(validationProblem(["sub", "ttlSeconds", "audience"]));
	});

	it("rejects a sub longer than 128 characters", async () => {
		const response = await postJson(`${sandbox.url}/auth/token`, { sub: "x".repeat(129) });
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["sub"]));
	});
});
