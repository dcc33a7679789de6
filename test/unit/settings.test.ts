import { describe, expect, it } from "vitest";
import { settingsFrom } from "../../src/domain/settings";

const environment = {
	limits: {
		concurrent: { GOPAY: 2, OVO: 2, CREDIT_CARD: 2 },
		cardDailyBudget: 2_000_000,
		minimumRemainingBudget: 20_000,
	},
	cartTtlMs: 15 * 60_000,
	paymentWindowMs: 30 * 60_000,
};

describe("the settings in force", () => {
	it("are the environment's when no document was ever read", () => {
		const settings = settingsFrom(environment, undefined, "config-service");
		expect(settings.source).toBe("environment");
		expect(settings.version).toBeNull();
		expect(settings.methods.GOPAY).toEqual({ enabled: true, maxConcurrentBookings: 2 });
		expect(settings.methods.CASH).toEqual({ enabled: true, maxConcurrentBookings: null });
		expect(settings.limits).toEqual(environment.limits);
	});

	it("take what the document sets, and the environment for the rest", () => {
		const settings = settingsFrom(
			environment,
			{
				version: 7,
				paymentMethods: {
					OVO: { enabled: false, disabledMessage: "OVO is under maintenance" },
					GOPAY: { enabled: true, maxConcurrentBookings: 1 },
					CREDIT_CARD: { enabled: true, maxConcurrentBookings: null },
				},
				cardDailyBudget: 1_000_000,
				cartTtl: "5m",
				paymentWaitDuration: 600,
			},
			"last-good",
		);
		expect(settings).toMatchObject({
			version: 7,
			source: "last-good",
			cartTtlMs: 300_000,
			paymentWindowMs: 600_000,
		});
		expect(settings.methods.OVO).toEqual({
			enabled: false,
			disabledMessage: "OVO is under maintenance",
			maxConcurrentBookings: 2,
		});
		expect(settings.limits.concurrent).toEqual({ GOPAY: 1, OVO: 2 });
		expect(settings.limits).toMatchObject({ cardDailyBudget: 1_000_000, minimumRemainingBudget: 20_000 });
	});

	it("keeps the environment's window when the document's duration is not one", () => {
		const settings = settingsFrom(
			environment,
			{ version: 1, paymentMethods: {}, cartTtl: "soon" },
			"config-service",
		);
		expect(settings.cartTtlMs).toBe(environment.cartTtlMs);
	});
});
