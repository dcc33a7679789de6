import type { StoredSession } from "./schemas";

const SESSION_ID = /^ses_[0-9a-f]{32}$/;

export function newSessionId(): string {
	return `ses_${crypto.randomUUID().replaceAll("-", "")}`;
}

/** Ids we could never have issued are answered without touching a Durable Object. */
export function isSessionId(value: string): boolean {
	return SESSION_ID.test(value);
}

export type SessionLookup =
	| { ok: true; session: StoredSession }
	| { ok: false; code: "SESSION_NOT_FOUND" | "SESSION_EXPIRED" };

/** A quote is live until its expiresAt (exclusive). */
export function classify(session: StoredSession | null, now: Date): SessionLookup {
	if (!session) return { ok: false, code: "SESSION_NOT_FOUND" };
	if (Date.parse(session.expiresAt) <= now.getTime()) return { ok: false, code: "SESSION_EXPIRED" };
	return { ok: true, session };
}
