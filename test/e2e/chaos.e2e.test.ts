import { describe, expect, it } from "vitest";
import { runChaos } from "../../scripts/lib/chaos/run.mjs";

/**
 * A short chaos run (`npm run chaos` runs 60 orders): 20 orders through faults, replayed and
 * reordered webhooks, late payments, partner cancellations and two whole-stack SIGKILLs, then
 * every invariant. A new seed each run; a failure names it, so `CHAOS_SEED=<seed> npm run chaos`
 * repeats the run.
 */
describe("chaos", () => {
	it("holds every promise through 20 orders, faults and two whole-stack crashes", {
		timeout: 900_000,
	}, async () => {
		const seed = process.env.CHAOS_SEED
			? Number(process.env.CHAOS_SEED)
			: Math.floor(Math.random() * 2 ** 31);
		const report = await runChaos({ orders: 20, seed, kills: 2, log: (line: string) => console.error(line) });
		const failed = Object.fromEntries(Object.entries(report.checks).filter(([, check]) => !check.ok));
		expect(failed, `chaos seed ${seed}: ${JSON.stringify(failed, null, 1)}`).toEqual({});
		expect(report.crashes).toHaveLength(2);
	});
});
