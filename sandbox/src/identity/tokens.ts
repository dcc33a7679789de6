import { importJWK, SignJWT } from "jose";
import type { SigningKey } from "./keys";

export type TokenRequest = {
	sub: string;
	issuer: string;
	audience: string;
	ttlSeconds: number;
	/** An operator token's role claim (viewer or operator); customer tokens have none. */
	role?: "viewer" | "operator";
};
export type MintedToken = { token: string; expiresAt: string };

/** Signs an ES256 customer (or operator) token. A negative ttl yields one already expired. */
export async function mintToken(key: SigningKey, request: TokenRequest, now: Date): Promise<MintedToken> {
	const privateKey = await importJWK(key.privateJwk, "ES256");
	const iat = Math.floor(now.getTime() / 1000);
	const exp = iat + request.ttlSeconds;
	const token = await new SignJWT(request.role ? { role: request.role } : {})
		.setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
		.setSubject(request.sub)
		.setIssuer(request.issuer)
		.setAudience(request.audience)
		.setIssuedAt(iat)
		.setExpirationTime(exp)
		.sign(privateKey);
	return { token, expiresAt: new Date(exp * 1000).toISOString() };
}
