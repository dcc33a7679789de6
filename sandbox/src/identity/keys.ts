import { calculateJwkThumbprint, exportJWK, generateKeyPair } from "jose";

/** The P-256 public key as published in the JWKS. */
export type PublicJwk = {
	kty: string;
	crv: string;
	x: string;
	y: string;
	kid: string;
	alg: "ES256";
	use: "sig";
};

/** The signing key as persisted: the public JWK plus the private scalar `d`. */
export type SigningKey = { kid: string; publicJwk: PublicJwk; privateJwk: PublicJwk & { d: string } };

function text(value: unknown, field: string): string {
	if (typeof value !== "string") throw new Error(`generated JWK has no ${field}`);
	return value;
}

/** A fresh ES256 key pair; the kid is the RFC 7638 thumbprint, so it is stable for the key. */
export async function generateSigningKey(): Promise<SigningKey> {
	const { privateKey } = await generateKeyPair("ES256", { extractable: true });
	const jwk = await exportJWK(privateKey);
	const base = {
		kty: text(jwk.kty, "kty"),
		crv: text(jwk.crv, "crv"),
		x: text(jwk.x, "x"),
		y: text(jwk.y, "y"),
	};
	const kid = await calculateJwkThumbprint(base);
	const publicJwk: PublicJwk = { ...base, kid, alg: "ES256", use: "sig" };
	return { kid, publicJwk, privateJwk: { ...publicJwk, d: text(jwk.d, "d") } };
}
