import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, validationProblem } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

const validate = (body: unknown) => postJson(`${sandbox.url}/promo-gateway/promos/validate`, body);
const calculate = (body: unknown) => postJson(`${sandbox.url}/promo-gateway/promos/calculate`, body);
const FAR_FUTURE = "2099-12-31T16:59:59.000Z";

describe("promo validation", () => {
	it.each([
		[
			"hemat10",
			{
				code: "HEMAT10",
				description: "10% off, at most Rp50.000",
				kind: "PERCENT",
				value: 10,
				maxDiscount: 50_000,
				expiresAt: FAR_FUTURE,
			},
		],
		[
			"FLAT25K",
			{
				code: "FLAT25K",
				description: "Rp25.000 off orders of Rp100.000 or more",
				kind: "FLAT",
				value: 25_000,
				minSpend: 100_000,
				expiresAt: FAR_FUTURE,
			},
		],
		[
			"TaxiOnly",
			{
				code: "TAXIONLY",
				description: "15% off taxi rides",
				kind: "PERCENT",
				value: 15,
				businessTypes: ["TAXI"],
				expiresAt: FAR_FUTURE,
			},
		],
	])("describes the live code %s, matched case-insensitively", async (code, promo) => {
		const response = await validate({ code, businessType: "TAXI", amount: 120_000 });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ valid: true, promo });
	});

	it("reports an expired code", async () => {
		const response = await validate({ code: "expired10" });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			valid: false,
			code: "EXPIRED10",
			reason: "EXPIRED",
			message: "Promo code EXPIRED10 expired at 2024-01-01T00:00:00.000Z.",
		});
	});

	it("reports an unknown code upper-cased", async () => {
		const response = await validate({ code: "nope" });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			valid: false,
			code: "NOPE",
			reason: "UNKNOWN",
			message: "Promo code NOPE does not exist.",
		});
	});

	it("rejects a missing code, an unknown business type and a fractional amount", async () => {
		const response = await validate({ businessType: "BOAT", amount: 10.5 });
		expect(response.status).toBe(400);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual(validationProblem(["code", "businessType", "amount"]));
	});
});

describe("promo calculation", () => {
	const taxi = (amount: number) => ({ businessType: "TAXI", amount });
	const rent = (amount: number) => ({ businessType: "RENT", amount });

	it.each([
		["HEMAT10 takes 10%", "hemat10", [taxi(200_000)], 20_000],
		["HEMAT10 floors to the rupiah", "HEMAT10", [taxi(123_459)], 12_345],
		["HEMAT10 is capped at 50,000", "HEMAT10", [taxi(300_000), rent(400_000)], 50_000],
		["FLAT25K applies at exactly the minimum spend", "FLAT25K", [taxi(100_000)], 25_000],
		["FLAT25K counts the whole basket towards the minimum", "flat25k", [taxi(60_000), rent(45_000)], 25_000],
		[
			"TAXIONLY discounts only the taxi items, uncapped",
			"TAXIONLY",
			[taxi(80_000), rent(400_000), taxi(900_001)],
			147_000,
		],
	])("%s", async (_name, code, items, discount) => {
		const response = await calculate({ code, items });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ code: code.toUpperCase(), applicable: true, discount });
	});

	it.each([
		["FLAT25K below the minimum spend", "FLAT25K", [taxi(60_000), rent(39_999)], "MIN_SPEND_NOT_MET"],
		["TAXIONLY without a taxi item", "TAXIONLY", [rent(400_000)], "NO_ELIGIBLE_ITEMS"],
		["TAXIONLY on an empty basket", "TAXIONLY", [], "NO_ELIGIBLE_ITEMS"],
		["an expired code", "EXPIRED10", [taxi(100_000)], "EXPIRED"],
		["an unknown code", "bogus", [taxi(100_000)], "UNKNOWN"],
	])("is not applicable: %s", async (_name, code, items, reason) => {
		const response = await calculate({ code, items });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ code: code.toUpperCase(), applicable: false, discount: 0, reason });
	});

	it("never discounts more than the eligible amount", async () => {
		const response = await calculate({ code: "FLAT25K", items: [taxi(100_000)] });
		expect((response.body as { discount: number }).discount).toBeLessThanOrEqual(100_000);
		const small = await calculate({ code: "HEMAT10", items: [taxi(9)] });
		expect(small.body).toEqual({ code: "HEMAT10", applicable: true, discount: 0 });
	});

	it("rejects items with a negative amount or unknown business type, by index", async () => {
		const response = await calculate({
			code: "HEMAT10",
			items: [taxi(-1), { businessType: "BOAT", amount: 5 }],
		});
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["items.0.amount", "items.1.businessType"]));
	});

	it("rejects a body without items", async () => {
		const response = await calculate({ code: "HEMAT10" });
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["items"]));
	});
});
