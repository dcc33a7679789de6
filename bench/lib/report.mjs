// What every benchmark prints and keeps: the machine it ran on, and one JSON document on
// stdout and under bench/results/.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

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
