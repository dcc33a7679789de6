import { describe, expect, it } from "vitest";
import { call, problem, search, taxiSearch, tokenFor } from "./support";

describe("SearchFleets", () => {
	it("returns priced fleets with a session for a taxi ride", async () => {
		const token = await tokenFor("cust_search");
		const res = await search(token, "TAXI", taxiSearch());
		expect(res).toEqual({
			sessionId: expect.any(String),
			businessType: "TAXI",
			expiresAt: expect.any(String),
			fleets: expect.arrayContaining([
				expect.objectContaining({
					fleetId: expect.any(String),
					name: expect.any(String),
					unitPrice: expect.any(Number),
				}),
			]),
		});
		for (const fleet of res.fleets as Array<{
			unitPrice: number;
			fareComponents: Array<{ amount: number }>;
		}>) {
			expect(fleet.fareComponents.reduce((sum, c) => sum + c.amount, 0)).toBe(fleet.unitPrice);
		}
	});

	it("answers 400 with paths for invalid details", async () => {
		const token = await tokenFor("cust_search_bad");
		const res = await call("POST", "/v1/searches", {
			token,
			body: {
				businessType: "RENT",
				details: { city: "", startAt: "2026-12-05T08:00:00+07:00", endAt: "2026-12-01T08:00:00+07:00" },
			},
		});
		expect(res.status).toBe(400);
		expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
			"details.city",
			"details.withDriver",
		]);
		const backwards = await call("POST", "/v1/searches", {
			token,
			body: {
				businessType: "RENT",
				details: {
					city: "Jakarta",
					startAt: "2026-12-05T08:00:00+07:00",
					endAt: "2026-12-01T08:00:00+07:00",
					withDriver: false,
				},
			},
		});
		expect(backwards.status).toBe(400);
		expect(backwards.body.errors).toEqual([{ path: "details.endAt", message: "Must be after startAt" }]);
	});

	it("passes a rejection by the Session Manager on as 422", async () => {
		const token = await tokenFor("cust_search_past");
		const past = { ...taxiSearch(), pickupAt: "2020-01-01T08:00:00+07:00" };
		const res = await call("POST", "/v1/searches", { token, body: { businessType: "TAXI", details: past } });
		expect(res.status).toBe(422);
		expect(res.body).toEqual(problem("SEARCH_REJECTED", 422));
	});
});
