// `npm run bench:search`: operators' booking search (GET /internal/bookings) against the real
// `npm start` stack, over BENCH_BOOKINGS (default 20000) synthetic bookings written straight into
// the local D1 history (scripts/lib/seed-bookings.mjs). At concurrency 4, BENCH_DURATION seconds
// each (default 5), after a 1 s warm-up:
//   health             GET /health, the floor
//   page1, page50      20 rows newest first: the first page, and the 50th (its cursor walked to
//                      beforehand): keyset pages should cost the same
//   failedPage1/50     the same with status=FAILED
//   attentionPage1     attention=true (NEEDS_ATTENTION, stuck creations, dead events)
// Prints one JSON document on stdout and saves it under bench/results/.

import os from "node:os";
import path from "node:path";
import { seedBookingsSql } from "../scripts/lib/seed-bookings.mjs";
import { queryLocalD1 } from "../scripts/lib/workers.mjs";
import { measure } from "./lib/measure.mjs";
import { machineInfo, saveReport, startBenchStack } from "./lib/report.mjs";

const CONNECTIONS = 4;
const PAGE = 20;
const bookings = Number(process.env.BENCH_BOOKINGS ?? 20_000);
const duration = Number(process.env.BENCH_DURATION ?? 5);
if (!(bookings > 0 && duration > 0)) throw new Error("BENCH_BOOKINGS and BENCH_DURATION must be positive");
// Page 50 of status=FAILED (a fifth of the bookings) needs 50 full pages of them.
if (bookings < 5 * 50 * PAGE) throw new Error(`BENCH_BOOKINGS must be at least ${5 * 50 * PAGE} for page 50`);

const log = (message) => console.error(`[bench] ${message}`);
const ratio = (value, floor) => (floor > 0 ? Number((value / floor).toFixed(2)) : null);

async function run(stack) {
	log(`seeding ${bookings} bookings into the local D1 history`);
	for (const sql of seedBookingsSql({ n: bookings, prefix: "bench" })) {
		await queryLocalD1(path.join(stack.stateDir, "orchestrator"), sql);
	}
	const minted = await fetch(`${stack.sandboxUrl}/auth/token`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ sub: "op_bench", role: "viewer" }),
	}).then((r) => r.json());
	const headers = { authorization: `Bearer ${minted.token}` };
	const get = async (query) => {
		const response = await fetch(`${stack.url}/internal/bookings?${new URLSearchParams(query)}`, { headers });
		if (response.status !== 200)
			throw new Error(`search answered ${response.status}: ${await response.text()}`);
		return response.json();
	};
	/** The query string of page `n` (1-based): the cursors walked from page 1. */
	const pageQuery = async (filter, n) => {
		let query = { ...filter, limit: String(PAGE) };
		for (let page = 1; page < n; page++) {
			const { nextCursor } = await get(query);
			if (!nextCursor) throw new Error(`only ${page} pages for ${JSON.stringify(filter)}`);
			query = { ...filter, limit: String(PAGE), cursor: nextCursor };
		}
		return `/internal/bookings?${new URLSearchParams(query)}`;
	};
	const scenario = async (name, url) => {
		log(`${name}: warm-up 1s, then ${duration}s`);
		const options = { url, connections: CONNECTIONS, headers };
		await measure({ ...options, duration: 1 });
		return measure({ ...options, duration });
	};
	const health = await scenario("health (floor)", `${stack.url}/health`);
	const scenarios = { health };
	for (const [name, filter, n] of [
		["page1", {}, 1],
		["page50", {}, 50],
		["failedPage1", { status: "FAILED" }, 1],
		["failedPage50", { status: "FAILED" }, 50],
		["attentionPage1", { attention: "true" }, 1],
	]) {
		scenarios[name] = await scenario(name, `${stack.url}${await pageQuery(filter, n)}`);
	}
	return {
		scenarios,
		ratios: {
			page50VsPage1P50: ratio(scenarios.page50.p50, scenarios.page1.p50),
			failedPage50VsPage1P50: ratio(scenarios.failedPage50.p50, scenarios.failedPage1.p50),
			page1P50VsFloor: ratio(scenarios.page1.p50, health.p50),
			attentionP50VsFloor: ratio(scenarios.attentionPage1.p50, health.p50),
		},
	};
}

async function main() {
	const startedAt = new Date();
	const loadBefore = os.loadavg()[0];
	const { stack, stop, state } = await startBenchStack({ LOG_LEVEL: "warn" }, log);
	let measured;
	try {
		measured = await run(stack);
	} catch (error) {
		console.error(stack.output().split("\n").slice(-40).join("\n"));
		throw error;
	} finally {
		log("stopping the stack");
		await stop();
	}
	const report = {
		date: startedAt.toISOString(),
		machine: machineInfo(loadBefore),
		config: {
			connections: CONNECTIONS,
			durationSeconds: duration,
			bookings,
			pageSize: PAGE,
			logLevel: "warn",
			state,
		},
		...measured,
	};
	saveReport("search", startedAt, report, log);
}

main().catch((error) => {
	console.error(`[bench] ${error.stack ?? error.message}`);
	process.exit(1);
});
