import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "./support";

const unauthorized = (detail: string) => ({
	type: "urn:order-orchestrator:problem:unauthorized",
	title: "Authentication is required",
	status: 401,
	detail,
	code: "UNAUTHORIZED",
	requestId: expect.any(String),
});

const b64 = (value: unknown) =>
	btoa(JSON.stringify(value)).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");

describe("customer authentication", () => {
	it("accepts a token from the identity provider", async () => {
		const res = await call("POST", "/v1/carts", { token: await tokenFor("cust_ok") });
		expect(res.status).toBe(201);
	});

	it.each([
		["an expired token", { ttlSeconds: -60 }, "The token has expired."],
		["another audience", { audience: "someone-else" }, "The token's aud claim is not accepted."],
		["another issuer", { issuer: "https://evil.example" }, "The token's iss claim is not accepted."],
	])("refuses %s", async (_name, claims, detail) => {
		const res = await call("POST", "/v1/carts", { token: await tokenFor("cust_bad", claims) });
		expect(res.status).toBe(401);
		expect(res.body).toEqual(unauthorized(detail));
	});

	it("refuses unsigned, tampered and foreign-key tokens", async () => {
		const good = await tokenFor("cust_victim");
		const [header, payload, signature] = good.split(".");
		const claims = JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
		const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
		const tampered = `${header}.${b64({ ...claims, sub: "cust_attacker" })}.${signature}`;
		const { privateKey, publicKey } = await generateKeyPair("ES256");
		const kid = JSON.parse(atob((header ?? "").replaceAll("-", "+").replaceAll("_", "/"))).kid;
		const foreign = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid }).sign(privateKey);
		const hs = await new SignJWT(claims)
			.setProtectedHeader({ alg: "HS256", kid })
			.sign(new TextEncoder().encode(JSON.stringify(await exportJWK(publicKey))));
		for (const token of [none, tampered, foreign, hs, "garbage", `${header}.${payload}`]) {
			const res = await call("POST", "/v1/carts", { token });
			expect(res.status, token).toBe(401);
			expect(res.body).toEqual(unauthorized("The token is not valid."));
		}
	});

	it("requires the Bearer scheme", async () => {
		const token = await tokenFor("cust_scheme");
		const res = await call("POST", "/v1/carts", { headers: { authorization: `Basic ${token}` } });
		expect(res.body).toEqual(unauthorized("A Bearer token is required."));
	});
});
