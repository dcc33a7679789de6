// `npm run chaos`: many orders through faults, replayed webhooks, late payments, partner
// cancellations and whole-stack SIGKILLs, against the real `npm start` stack, then the checks of
// what must always hold. Prints one JSON report (stdout) and saves it under bench/results/;
// exits 1 when a check fails. Progress goes to stderr.
//
//   CHAOS_ORDERS (60)      how many orders
//   CHAOS_SEED (random)    the seed every choice derives from; printed, so a run can be repeated
//   CHAOS_KILLS (2)        how many times the whole stack is SIGKILLed and restarted mid-run
//   CHAOS_CONCURRENCY (6)  orders driven at once
//   CHAOS_VERBOSE=1        echo the stack's output

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runChaos } from "./lib/chaos/run.mjs";
import { ROOT } from "./lib/workers.mjs";

function count(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === "") return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) {
		console.error(`${name} must be a whole number, got ${raw}`);
		process.exit(2);
	}
	return value;
}

const report = await runChaos({
	orders: count("CHAOS_ORDERS", 60),
	seed: process.env.CHAOS_SEED ? count("CHAOS_SEED", 0) : undefined,
	kills: count("CHAOS_KILLS", 2),
	concurrency: count("CHAOS_CONCURRENCY", 6) || 1,
	echo: process.env.CHAOS_VERBOSE === "1",
	log: (line) => console.error(line),
});
const dir = path.join(ROOT, "bench", "results");
mkdirSync(dir, { recursive: true });
const file = path.join(
	dir,
	`chaos-${new Date().toISOString().replaceAll(":", "-")}-seed-${report.seed}.json`,
);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
const failed = Object.entries(report.checks).filter(([, c]) => !c.ok);
console.error(
	failed.length === 0
		? `chaos: every check held (seed ${report.seed}, ${report.durationMs} ms); report: ${path.relative(ROOT, file)}`
		: `chaos: FAILED ${failed.map(([name, c]) => `${name} (${c.failures.length})`).join(", ")}; seed ${report.seed}; report: ${path.relative(ROOT, file)}`,
);
process.exit(failed.length === 0 ? 0 : 1);
