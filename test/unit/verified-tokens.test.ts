import { describe, expect, it } from "vitest";
import { VerifiedTokens } from "../../src/lib/verified-tokens";

const T0 = Date.parse("2026-12-01T00:00:00Z");
const exp = (ms: number) => Math.floor(ms / 1000);

describe("VerifiedTokens", () => {
	it("answers the subject of a token verified before, until the token expires", () => {
		const cache = new VerifiedTokens();
		cache.put("t1", "cust_1", exp(T0 + 60_000), T0);
		expect(cache.get("t1", T0 + 59_999)).toBe("cust_1");
		expect(cache.get("t1", T0 + 60_000)).toBeUndefined();
		// An expired entry is dropped, not kept around.
		expect(cache.size).toBe(0);
	});

	it("keeps no entry longer than its maximum age, whatever the token's exp", () => {
		const cache = new VerifiedTokens(10, 5_000);
		cache.put("t1", "cust_1", exp(T0 + 3_600_000), T0);
		expect(cache.get("t1", T0 + 4_999)).toBe("cust_1");
		expect(cache.get("t1", T0 + 5_000)).toBeUndefined();
	});

	it("does not keep a token that has already expired", () => {
		const cache = new VerifiedTokens();
		cache.put("t1", "cust_1", exp(T0 - 1_000), T0);
		expect(cache.get("t1", T0)).toBeUndefined();
		expect(cache.size).toBe(0);
	});

	it("never knows a token it was not given", () => {
		const cache = new VerifiedTokens();
		cache.put("t1", "cust_1", exp(T0 + 60_000), T0);
		expect(cache.get("t2", T0)).toBeUndefined();
	});

	it("evicts the oldest entry when full", () => {
		const cache = new VerifiedTokens(2);
		cache.put("a", "cust_a", exp(T0 + 60_000), T0);
		cache.put("b", "cust_b", exp(T0 + 60_000), T0);
		cache.put("c", "cust_c", exp(T0 + 60_000), T0);
		expect(cache.size).toBe(2);
		expect(cache.get("a", T0)).toBeUndefined();
		expect(cache.get("b", T0)).toBe("cust_b");
		expect(cache.get("c", T0)).toBe("cust_c");
	});
});
