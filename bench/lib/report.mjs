// What every benchmark prints and keeps: the machine it ran on, and one JSON document on
// stdout and under bench/results/.
import { mkdirSync, statfsSync, watch, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack } from "../../scripts/lib/stack.mjs";
import { localRunner } from "../../scripts/lib/workers.mjs";

/** The machine, with the load it carried when the run started (this machine is shared). */
export function machineInfo(loadBefore) {
	return {
		cores: os.availableParallelism(),
		cpu: os.cpus()[0]?.model ?? "unknown",
		memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
		platform: `${os.platform()} ${os.release()}`,
		node: process.version,
		loadAverage1mBeforeRun: Number(loadBefore.toFixed(2)),
	};
}

const FILESYSTEMS = { 16914836: "tmpfs", 61267: "ext4", 1481003842: "xfs", 2435016766: "btrfs" };

/**
 * Where the stack kept its Durable Object and D1 state: every DO write is a SQLite commit on
 * that disk, so the numbers depend on it (`TMPDIR=/dev/shm` puts a benchmark's state in memory).
 */
export function stateInfo(stateDir) {
	const type = statfsSync(stateDir).type;
	return {
		dir: stateDir,
		filesystem: FILESYSTEMS[type] ?? `0x${type.toString(16)}`,
		// What serves the workers (scripts/lib/workers.mjs): Miniflare, or wrangler dev and its proxy.
		runner: localRunner(),
	};
}

/** Prints the report and saves it as bench/results/<name>-<start time>.json. */
export function saveReport(name, startedAt, report, log) {
	const json = JSON.stringify(report, null, 2);
	console.log(json);
	const dir = path.join(import.meta.dirname, "..", "results");
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
	writeFileSync(file, `${json}\n`);
	log(`saved ${path.relative(process.cwd(), file)}`);
}

/** What a run's report says of the source changes (worker reloads) it saw: none, or which. */
export function sourceValidity(sources) {
	return {
		sourceChangesDuringRun: sources.changes.length,
		...(sources.changes.length
			? {
					changedFiles: [...new Set(sources.changes.map((c) => c.file))].slice(0, 10),
					firstChangeAt: sources.changes[0].at,
				}
			: {}),
	};
}

/** Saves the report, warning first when sources changed during the run (its numbers are not comparable). */
export function finishReport(name, startedAt, report, sources, log) {
	if (sources.changes.length > 0)
		log(
			`warning: ${sources.changes.length} source changes during the run (worker reloads); numbers not comparable`,
		);
	saveReport(name, startedAt, report, log);
}

/**
 * Starts the real stack for a benchmark; `stop()` may be called more than once, and Ctrl-C
 * stops the stack before exiting.
 */
export async function startBenchStack(env, log) {
	log("starting the stack (npm start)");
	const stack = await startStack({ env, echo: process.env.BENCH_VERBOSE === "1" });
	let stopping;
	const stop = () => {
		stopping ??= stack.stop();
		return stopping;
	};
	for (const signal of ["SIGINT", "SIGTERM"]) {
		process.on(signal, () => void stop().then(() => process.exit(130)));
	}
	return { stack, stop, state: stateInfo(stack.stateDir) };
}

/** The customer pays: the sandbox processor marks the payment PAID and sends its signed webhook. */
export async function simulatePaid(sandboxUrl, paymentId) {
	const response = await fetch(`${sandboxUrl}/payments/${paymentId}/simulate`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ outcome: "PAID" }),
		signal: AbortSignal.timeout(15_000),
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`simulate PAID answered ${response.status}: ${text}`);
}

const ROOT_DIR = path.resolve(import.meta.dirname, "..", "..");

/** Records source changes that make the local runner reload a worker during the run. */
export function watchSources() {
	const changes = [];
	const watchers = [];
	const record = (file) => changes.push({ file, at: new Date().toISOString() });
	for (const dir of ["src", "sandbox/src", "migrations"]) {
		watchers.push(
			watch(path.join(ROOT_DIR, dir), { recursive: true }, (_event, file) => record(`${dir}/${file}`)),
		);
	}
	for (const file of ["wrangler.toml", "sandbox/wrangler.toml", ".dev.vars", "sandbox/.dev.vars"]) {
		try {
			watchers.push(watch(path.join(ROOT_DIR, file), () => record(file)));
		} catch {} // a missing .dev.vars is created by `npm start` itself
	}
	return {
		changes,
		close: () => {
			for (const watcher of watchers) watcher.close();
		},
	};
}
