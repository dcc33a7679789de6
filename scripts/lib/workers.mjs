// Helpers to run local workers (scripts/serve.mjs: Miniflare configured from wrangler.toml; or
// `wrangler dev` with RUNNER=wrangler), shared by the dev runner (scripts/dev.mjs), the
// end-to-end tests (test/e2e) and the benchmarks (bench/).
//
// Every child is spawned detached, so it leads its own process group: the runner starts workerd
// (and wrangler's bundler) under it, and stopping the group (kill(-pid)) leaves nothing listening
// behind. Everything runs on the Node that runs this file (process.execPath), so the toolchain
// stays on the Node pinned in package.json whatever `node` is first on PATH.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { vendorAssets } from "./assets.mjs";

/** Repository root (this file lives in scripts/lib). */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");

const require = createRequire(import.meta.url);

/** Absolute path of wrangler's CLI entry point. */
export function wranglerBin() {
	return path.join(path.dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/**
 * Environment for wrangler children: no telemetry, no banner, no colours in pipes, and no
 * fetch of the `Request.cf` sample from the internet (a local stack must start offline),
 * unless the caller's environment says otherwise.
 */
export function wranglerEnv(extra = {}, { clean = false } = {}) {
	return {
		CLOUDFLARE_CF_FETCH_ENABLED: "false",
		...(clean ? withoutTestRunner(process.env) : process.env),
		WRANGLER_SEND_METRICS: "false",
		WRANGLER_HIDE_BANNER: "true",
		...(process.stdout.isTTY ? {} : { FORCE_COLOR: "0" }),
		...extra,
	};
}

/** The environment minus what a test runner sets for itself (NODE_ENV=test changes wrangler). */
export function withoutTestRunner(env) {
	return Object.fromEntries(
		Object.entries(env).filter(
			([key]) => !(key === "NODE_ENV" || key.startsWith("VITEST") || key.startsWith("npm_")),
		),
	);
}

/** A TCP port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function isPortOpen(port) {
	return new Promise((resolve) => {
		const server = createServer();
		server.once("error", () => resolve(true));
		server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
	});
}

/**
 * The resolved wrangler config (vars, d1_databases, ...) of a wrangler.toml. Wrangler is loaded
 * lazily: it takes a second or two, and only callers that need the config pay for it.
 */
export async function readConfig(configPath) {
	const { unstable_readConfig } = await import("wrangler");
	return unstable_readConfig({ config: configPath }, { hideWarnings: true });
}

/** The [vars] table of a wrangler config as strings (JSON values are stringified). */
export async function readVars(configPath) {
	const config = await readConfig(configPath);
	return Object.fromEntries(
		Object.entries(config.vars ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
	);
}

/** A `.dev.vars` (dotenv) file as a record; {} when it does not exist. Quotes are stripped. */
export function readDevVars(file) {
	if (!existsSync(file)) return {};
	const vars = {};
	for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
		const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
		if (!match) continue;
		vars[match[1]] = match[2].trim().replace(/^(["'])(.*)\1$/, "$2");
	}
	return vars;
}

/**
 * Pipes a child's stdout/stderr line by line to ours, each line prefixed (`[sandbox] ...`).
 * Lines go to our stdout and stderr respectively, so callers may redirect either.
 */
export function prefixOutput(child, prefix, format = (line) => line) {
	const tag = process.stdout.isTTY ? `\x1b[2m${prefix}\x1b[0m ` : `${prefix} `;
	for (const [stream, out] of [
		[child.stdout, process.stdout],
		[child.stderr, process.stderr],
	]) {
		if (!stream) continue;
		createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
			out.write(`${tag}${format(line)}\n`);
		});
	}
}

/** Resolves with { code, signal } when the child exits (at once if it already has). */
export function exited(child) {
	if (child.exitCode !== null || child.signalCode !== null) {
		return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
	}
	return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

/**
 * Runs a wrangler command to completion (e.g. `d1 migrations apply`), output prefixed.
 * Resolves with its exit code. stdin is closed, so wrangler takes its non-interactive defaults.
 */
export async function runWrangler(args, { cwd = ROOT, prefix = "[wrangler]", env = {}, clean = false } = {}) {
	const child = spawn(process.execPath, [wranglerBin(), ...args], {
		cwd,
		env: wranglerEnv(env, { clean }),
		stdio: ["ignore", "pipe", "pipe"],
	});
	prefixOutput(child, prefix);
	const { code, signal } = await exited(child);
	return code ?? (signal ? 1 : 0);
}

/**
 * Applies the local D1 migrations of every database of a worker that has migration files, into
 * its state under `persistTo` (`wrangler d1 migrations apply --local`, as `npm start` does).
 * `clean` leaves the test runner's own variables out of wrangler's environment.
 */
export async function applyLocalMigrations(
	{ name, configPath, persistTo, config: known },
	{ clean = false, log = () => {} } = {},
) {
	const config = known ?? (await readConfig(configPath));
	for (const db of config.d1_databases ?? []) {
		const dir = path.resolve(path.dirname(configPath), db.migrations_dir ?? "migrations");
		if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith(".sql"))) {
			log(`${name}: no migrations for ${db.binding} yet`);
			continue;
		}
		const args = [
			"d1",
			"migrations",
			"apply",
			db.binding,
			"--local",
			"--config",
			configPath,
			"--persist-to",
			persistTo,
		];
		const code = await runWrangler(args, { prefix: `[${name}]`, clean });
		if (code !== 0) throw new Error(`${name}: migrations for ${db.binding} failed (exit ${code})`);
	}
}

/**
 * Runs one SQL statement on a worker's local D1 (`wrangler d1 execute --local --json`) under
 * `persistTo` and resolves with the rows. It reads the same SQLite file the running worker uses.
 */
export function queryLocalD1(
	persistTo,
	sql,
	{ configPath = path.join(ROOT, "wrangler.toml"), binding = "DB" } = {},
) {
	return new Promise((resolve, reject) => {
		const args = [wranglerBin(), "d1", "execute", binding, "--local", "--persist-to", persistTo];
		const child = spawn(process.execPath, [...args, "--config", configPath, "--json", "--command", sql], {
			cwd: ROOT,
			env: wranglerEnv({ FORCE_COLOR: "0" }, { clean: true }),
			stdio: ["ignore", "pipe", "pipe"],
		});
		let out = "";
		let err = "";
		child.stdout.on("data", (chunk) => {
			out += chunk;
		});
		child.stderr.on("data", (chunk) => {
			err += chunk;
		});
		child.on("exit", (code) => {
			if (code !== 0) return reject(new Error(`wrangler d1 execute failed (${code}): ${err || out}`));
			try {
				resolve(JSON.parse(out)[0]?.results ?? []);
			} catch (error) {
				reject(new Error(`wrangler d1 execute printed no JSON: ${error.message}: ${out.slice(0, 300)}`));
			}
		});
	});
}

/**
 * Which local runner starts the workers: "miniflare" (default, scripts/serve.mjs: Miniflare
 * straight on the port, see there why) or "wrangler" (`wrangler dev`, with its proxy worker in
 * front). Both run the same workerd with the same wrangler.toml, .dev.vars and state layout.
 */
export function localRunner() {
	const runner = process.env.RUNNER ?? "miniflare";
	if (runner !== "miniflare" && runner !== "wrangler") {
		throw new Error(`RUNNER must be "miniflare" or "wrangler", got "${runner}"`);
	}
	return runner;
}

/**
 * Starts one worker on the local runner (localRunner()); both take the same flags. Options:
 * - name: label for output lines, e.g. "sandbox"
 * - config: path of the wrangler.toml
 * - port, inspectorPort: both must be distinct across workers
 * - persistTo: directory for local state (DO storage, D1, KV); reuse it to resume after a restart
 * - vars: { NAME: value } passed as `--var NAME:value` (wins over [vars] and .dev.vars)
 * - logLevel: optional --log-level; without it the worker follows WRANGLER_LOG (default "log")
 * - clean: leave the test runner's own variables (NODE_ENV, VITEST*, npm_*) out of its environment
 * Returns { name, url, child, exited, stop(graceMs) }.
 */
export function startWorker({
	name,
	config,
	port,
	inspectorPort,
	persistTo,
	vars = {},
	logLevel,
	clean = false,
	format,
	accessLog = true,
}) {
	vendorAssets();
	// serve.mjs stops itself when its runner dies; `wrangler dev` is wrapped to do the same.
	const runner =
		localRunner() === "wrangler"
			? [
					path.join(ROOT, "scripts", "with-parent.mjs"),
					process.execPath,
					wranglerBin(),
					"dev",
					"--show-interactive-dev-session=false",
				]
			: [path.join(ROOT, "scripts", "serve.mjs")];
	const args = [
		...runner,
		"--config",
		config,
		"--ip",
		"127.0.0.1",
		"--port",
		String(port),
		"--inspector-port",
		String(inspectorPort),
		"--persist-to",
		persistTo,
	];
	if (logLevel) args.push("--log-level", logLevel);
	// The orchestrator logs its own request lines; Miniflare's access lines would repeat them.
	if (!accessLog && localRunner() !== "wrangler") args.push("--no-access-log");
	for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
	const child = spawn(process.execPath, args, {
		cwd: path.dirname(path.resolve(config)),
		env: wranglerEnv({}, { clean }),
		stdio: ["ignore", "pipe", "pipe"],
		detached: true,
	});
	prefixOutput(child, `[${name}]`, format);
	return {
		name,
		url: `http://127.0.0.1:${port}`,
		child,
		exited: exited(child),
		stop: (graceMs) => stopProcessGroup(child, { graceMs }),
	};
}

/**
 * Whether the process group still has a live member. On Linux this reads /proc and ignores
 * zombies: in a container whose PID 1 does not reap orphans, a dead workerd stays a zombie
 * forever and kill(-pgid, 0) would keep answering "alive". Elsewhere it falls back to kill.
 */
function groupAlive(pgid) {
	if (!existsSync("/proc/self/stat")) return signalGroup(pgid, 0);
	for (const entry of readdirSync("/proc")) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, "utf8");
		} catch {
			continue; // exited while we looked
		}
		// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
		const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
	}
	return false;
}

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch (error) {
		if (error.code === "ESRCH") return false; // the group is already gone
		throw error;
	}
}

/**
 * Stops a detached child and everything in its process group: `signal` (SIGTERM) first, then
 * SIGKILL if the group still has members after graceMs. Resolves once the group is empty, so a
 * caller can rely on the child's ports being closed. Safe to call twice.
 */
export async function stopProcessGroup(child, { signal = "SIGTERM", graceMs = 5_000 } = {}) {
	const pid = child.pid;
	if (pid === undefined) return;
	if (!signalGroup(pid, signal)) return;
	// The leader may exit before its children (workerd): wait for the whole group, not just the leader.
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		if (!groupAlive(pid)) return;
		await sleep(100);
	}
	signalGroup(pid, "SIGKILL");
	const killDeadline = Date.now() + 5_000;
	while (groupAlive(pid) && Date.now() < killDeadline) await sleep(50);
}

/**
 * Polls `url` until it answers 2xx. Rejects after timeoutMs, or at once if `child` (optional)
 * exits first, so a worker that fails to start does not cost the whole timeout.
 */
export async function waitForHealth(url, timeoutMs = 60_000, { child } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = "no answer";
	while (Date.now() < deadline) {
		if (child && (child.exitCode !== null || child.signalCode !== null)) {
			throw new Error(
				`${url}: the process exited (${child.exitCode ?? child.signalCode}) before it was healthy`,
			);
		}
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
			await response.arrayBuffer();
			if (response.ok) return;
			last = `HTTP ${response.status}`;
		} catch (error) {
			last = error.cause?.code ?? error.message;
		}
		await sleep(250);
	}
	throw new Error(`${url} not healthy after ${timeoutMs} ms (${last})`);
}

/**
 * Replaces the local addresses of the two workers in a value, so every URL that points at
 * them follows the chosen ports: `ports` maps a default port to the actual one, e.g.
 * { 8000: 9100, 8001: 9101 }. Both `127.0.0.1:` and `localhost:` forms are rewritten.
 */
export function rewritePorts(value, ports) {
	return value.replace(/\b(127\.0\.0\.1|localhost):(\d+)\b/g, (match, host, port) =>
		ports[port] !== undefined ? `${host}:${ports[port]}` : match,
	);
}
