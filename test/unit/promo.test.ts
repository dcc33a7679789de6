import { describe, expect, it } from "vitest";
import { calculateDiscount, type PromoRule } from "../../src/domain/promo";

const NOW = Date.parse("2026-12-01T00:00:00Z");
const FUTURE = "2027-12-31T23:59:59Z";

const HEMAT10: PromoRule = {
	code: "HEMAT10",
	kind: "PERCENT",
	value: 10,
	maxDiscount: 50_000,
	expiresAt: FUTURE,
};
const FLAT25K: PromoRule = {
	code: "FLAT25K",
	kind: "FLAT",
	value: 25_000,
	minSpend: 100_000,
	expiresAt: FUTURE,
};
const TAXIONLY: PromoRule = {
	code: "TAXIONLY",
	kind: "PERCENT",
	value: 15,
	businessTypes: ["TAXI"],
	expiresAt: FUTURE,
};
const EXPIRED10: PromoRule = {
	code: "EXPIRED10",
	kind: "PERCENT",
	value: 10,
	expiresAt: "2026-01-01T00:00:00Z",
};

const taxi = (amount: number) => ({ businessType: "TAXI" as const, amount });
const rent = (amount: number) => ({ businessType: "RENT" as const, amount });

describe("calculateDiscount", () => {
	it.each([
		["10% of a small cart", HEMAT10, [taxi(85_000)], 8_500],
		["10% floors to the rupiah", HEMAT10, [taxi(85_555)], 8_555],
		["10% capped at 50,000", HEMAT10, [rent(900_000)], 50_000],
		["flat off at exactly the minimum spend", FLAT25K, [taxi(60_000), rent(40_000)], 25_000],
		["taxi-only counts only taxi lines", TAXIONLY, [taxi(100_000), rent(400_000)], 15_000],
		["flat never exceeds the amount", { ...FLAT25K, minSpend: undefined }, [taxi(10_000)], 10_000],
	])("%s", (_name, rule, lines, discount) => {
		expect(calculateDiscount(rule, lines, NOW)).toEqual({ ok: true, discount });
	});

	it.each([
		["an expired code", EXPIRED10, [taxi(100_000)], "EXPIRED"],
		["below the minimum spend", FLAT25K, [taxi(99_999)], "MIN_SPEND_NOT_MET"],
		["no taxi line for a taxi-only code", TAXIONLY, [rent(500_000)], "NO_ELIGIBLE_ITEMS"],
		["an empty cart", HEMAT10, [], "NO_ELIGIBLE_ITEMS"],
	])("rejects %s", (_name, rule, lines, reason) => {
		expect(calculateDiscount(rule, lines, NOW)).toEqual({ ok: false, reason });
	});

	it("treats a code as expired from its expiry instant on", () => {
		const rule = { ...HEMAT10, expiresAt: new Date(NOW).toISOString() };
		expect(calculateDiscount(rule, [taxi(1_000)], NOW)).toEqual({ ok: false, reason: "EXPIRED" });
		expect(calculateDiscount(rule, [taxi(1_000)], NOW - 1)).toEqual({ ok: true, discount: 100 });
	});
});
