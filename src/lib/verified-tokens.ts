/**
 * Tokens this isolate has already verified, so a customer's next request skips the signature
 * check: an entry holds the token's subject and is good until the token's `exp`, and never
 * longer than `maxAgeMs` after it was verified (a key the identity provider withdraws stops
 * working within that bound). Only successful verifications are kept; the oldest entry goes
 * first when the cache is full.
 */
export class VerifiedTokens {
	private readonly entries = new Map<string, { sub: string; until: number }>();

	constructor(
		private readonly limit = 10_000,
		private readonly maxAgeMs = 5 * 60_000,
	) {}

	/** The subject of a token verified earlier and still within its lifetime, else undefined. */
	get(key: string, now: number): string | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (now >= entry.until) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.sub;
	}

	/** Remembers a verified token; `expSeconds` is its `exp` claim. */
	put(key: string, sub: string, expSeconds: number, now: number): void {
		const until = Math.min(expSeconds * 1000, now + this.maxAgeMs);
		if (until <= now) return;
		this.entries.delete(key);
		this.entries.set(key, { sub, until });
		if (this.entries.size > this.limit) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
	}

	get size(): number {
		return this.entries.size;
	}
}
