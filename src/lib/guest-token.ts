import { jwtVerify, SignJWT } from "jose";
import { ApiError } from "./errors";

/**
 * Guests (web reservations) get an access token scoped to one booking: HS256 with a server
 * secret, audience pinned, so it opens that booking and nothing else.
 */
const ISSUER = "order-orchestrator";
const AUDIENCE = "order-orchestrator:guest";
const TTL_SECONDS = 30 * 86_400;

const key = (secret: string | undefined) => {
	if (!secret) throw new Error("GUEST_TOKEN_SECRET is not configured");
	return new TextEncoder().encode(secret);
};

/**
 * The booking's one access token: issued at the booking's creation and derived from it alone
 * (HS256 is deterministic), so a replayed CreateOrderWeb answers with the very same token.
 */
export async function issueGuestToken(
	secret: string | undefined,
	guestId: string,
	bookingId: string,
	bookingCreatedAt: string,
): Promise<string> {
	const issuedAt = Math.floor(Date.parse(bookingCreatedAt) / 1000);
	return new SignJWT({ bid: bookingId })
		.setProtectedHeader({ alg: "HS256", typ: "JWT" })
		.setSubject(guestId)
		.setIssuer(ISSUER)
		.setAudience(AUDIENCE)
		.setIssuedAt(issuedAt)
		.setExpirationTime(issuedAt + TTL_SECONDS)
		.sign(key(secret));
}

/** Returns the guest id if the token opens this booking; otherwise 401. */
export async function verifyGuestToken(
	secret: string | undefined,
	token: string | undefined,
	bookingId: string,
): Promise<string> {
	if (!token) throw new ApiError("UNAUTHORIZED", "The booking's access token is required.");
	try {
		const { payload } = await jwtVerify(token, key(secret), {
			algorithms: ["HS256"],
			issuer: ISSUER,
			audience: AUDIENCE,
			requiredClaims: ["exp", "sub", "bid"],
		});
		if (payload.bid !== bookingId || typeof payload.sub !== "string") throw new Error("wrong booking");
		return payload.sub;
	} catch {
		throw new ApiError("UNAUTHORIZED", "The access token does not open this booking.");
	}
}
