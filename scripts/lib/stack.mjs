// Runs the real `npm start` stack on free ports with a throw-away state directory, for the
// end-to-end tests and the benchmarks. It is the same command a developer runs, so those
// suites also prove the dev runner: start-up, migrations, port rewiring and a clean Ctrl-C.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { exited, freePort, ROOT, waitForHealth, withoutTestRunner } from "./workers.mjs";

const KEEP_LINES = 4_000;

/** Stops of the stacks started and not yet stopped, including those still starting. */
const live = new Set();

/** Stops every stack of this process, e.g. in a test's afterAll when start-up never finished. */
export async function stopAllStacks() {
	await Promise.all([...live].map((stop) => stop()));
}

/**
 * Starts `npm start` detached (its own process group, like a terminal job) and waits until
 * both workers answer /health. Options:
 * - env: extra environment, e.g. { CART_TTL: "4s" }
 * - echo: also print the stack's output (always kept; `output()` returns the last lines)
 * - timeoutMs: start-up budget
 * - port, sandboxPort, stateDir: to start a stack again where a killed one ran (same addresses,
 *   same state); a stateDir given here is kept when the stack stops
 * Resolves with { url, sandboxUrl, port, sandboxPort, stateDir, child, output(), stop(), kill() }.
 * stop() sends SIGINT to the group, waits for the exit and resolves with { code, signal }.
 * kill() SIGKILLs every process of the stack at once (the runner and both workers), as a crash.
 */
export async function startStack({ env = {}, echo = false, timeoutMs = 150_000, ...reuse } = {}) {
	const port = reuse.port ?? (await freePort());
	let sandboxPort = reuse.sandboxPort ?? (await freePort());
	while (sandboxPort === port) sandboxPort = await freePort();
	const keepState = reuse.stateDir !== undefined;
	const stateDir = reuse.stateDir ?? mkdtempSync(path.join(tmpdir(), "order-orchestrator-state-"));
	const child = spawn("npm", ["start"], {
		cwd: ROOT,
		env: {
			...withoutTestRunner(process.env),
			PORT: String(port),
			SANDBOX_PORT: String(sandboxPort),
			STATE_DIR: stateDir,
			...env,
		},
		detached: true,
		stdio: ["ignore", "pipe", "pipe"],
	});
	const lines = [];
	for (const stream of [child.stdout, child.stderr]) {
		createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
			lines.push(line);
			if (lines.length > KEEP_LINES) lines.shift();
			if (echo) console.error(line);
		});
	}
	const exit = exited(child);

	let stopped;
	const stop = ({ graceMs = 30_000 } = {}) => {
		stopped ??= (async () => {
			if (child.exitCode === null && child.signalCode === null) {
				try {
					process.kill(-child.pid, "SIGINT");
				} catch {}
			}
			const status = await Promise.race([exit, sleep(graceMs).then(() => undefined)]);
			if (status) return status;
			try {
				process.kill(-child.pid, "SIGKILL");
			} catch {}
			return { ...(await exit), timedOut: true };
		})().finally(() => {
			live.delete(stop);
			if (!keepState) rmSync(stateDir, { recursive: true, force: true });
		});
		return stopped;
	};
	live.add(stop);

	const kill = async () => {
		const pids = [child.pid, ...descendants(child.pid)];
		for (const pid of pids) {
			try {
				process.kill(pid, "SIGKILL");
			} catch {}
		}
		await exit;
		live.delete(stop);
	};

	const url = `http://127.0.0.1:${port}`;
	const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
	try {
		await Promise.all([
			waitForHealth(`${url}/health`, timeoutMs, { child }),
			waitForHealth(`${sandboxUrl}/health`, timeoutMs, { child }),
		]);
	} catch (error) {
		await stop();
		throw new Error(`the stack did not start: ${error.message}\n${lines.slice(-60).join("\n")}`);
	}
	return { url, sandboxUrl, port, sandboxPort, stateDir, child, output: () => lines.join("\n"), stop, kill };
}

/** Every process below `pid` (Linux: from /proc), so a crash can take them all at once. */
function descendants(pid) {
	if (!existsSync("/proc/self/stat")) return [];
	const children = new Map();
	for (const entry of readdirSync("/proc")) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
			const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {} // exited while we looked
	}
	const found = [];
	const walk = (parent) => {
		for (const next of children.get(parent) ?? []) {
			found.push(next);
			walk(next);
		}
	};
	walk(pid);
	return found;
}
