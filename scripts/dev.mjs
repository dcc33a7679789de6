// `npm start`: the whole stack locally. Applies local D1 migrations, then runs the sandbox
// (every upstream) and the orchestrator on Miniflare (scripts/serve.mjs), each with its own
// persisted state so a restart resumes carts, sagas and expiries.
//
// Environment:
//   PORT (8000), SANDBOX_PORT (8001)  where the two workers listen; every var value that points
//                                     at 127.0.0.1:8000 / :8001 is rewritten to follow them
//   STATE_DIR (.wrangler/state)       local state; <STATE_DIR>/orchestrator and /sandbox
//   any name in a worker's [vars]     overrides that var for the run, e.g. CART_TTL=5s
//   WRANGLER_LOG                      wrangler's log level (warn silences the sandbox's request logs)
//   LOG_FORMAT=json                   the orchestrator's log lines as raw JSON (default: readable)
//
// Ctrl-C / SIGTERM stops both workers and exits 0; if one worker dies, the other is stopped
// and the runner exits 1. Killed outright (SIGKILL), the runner leaves nothing behind either:
// each worker stops itself when the runner that started it is gone.

import { appendFileSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { logFormatter } from "./lib/log-format.mjs";
import { onParentExit } from "./lib/parent.mjs";
import {
	applyLocalMigrations,
	freePort,
	isPortOpen,
	ROOT,
	readConfig,
	readDevVars,
	rewritePorts,
	startWorker,
	waitForHealth,
} from "./lib/workers.mjs";

const STARTUP_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;

const log = (message) => console.log(`[dev] ${message}`);

function portFromEnv(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === "") return fallback;
	const port = Number(raw);
	if (!Number.isInteger(port) || port < 1 || port > 65_535) {
		throw new Error(`${name} must be a TCP port, got "${raw}"`);
	}
	return port;
}

/**
 * Copies `<dir>/.dev.vars.example` to `<dir>/.dev.vars` when the latter is missing; an existing
 * .dev.vars gets the names the example has gained since it was copied (its own values are kept).
 */
function ensureDevVars(dir) {
	const target = path.join(dir, ".dev.vars");
	const example = path.join(dir, ".dev.vars.example");
	if (!existsSync(example)) return;
	if (!existsSync(target)) {
		copyFileSync(example, target);
		log(`created ${path.relative(ROOT, target)} from ${path.basename(example)}`);
		return;
	}
	const present = readDevVars(target);
	const missing = Object.keys(readDevVars(example)).filter((name) => !(name in present));
	if (missing.length > 0) {
		const defaults = readDevVars(example);
		const lines = missing.map((name) => `${name}=${defaults[name]}`).join("\n");
		appendFileSync(target, `\n# Added from ${path.basename(example)}\n${lines}\n`);
		log(`added ${missing.join(", ")} to ${path.relative(ROOT, target)} from ${path.basename(example)}`);
	}
}

/**
 * The `--var` overrides for one worker: [vars] set in the environment, then every value
 * (including .dev.vars) that points at a default worker address moved to the actual port.
 */
function overridesFor(config, devVarsFile, ports) {
	const overrides = {};
	for (const [name, raw] of Object.entries(config.vars ?? {})) {
		const value = typeof raw === "string" ? raw : JSON.stringify(raw);
		const fromEnv = process.env[name];
		const chosen = rewritePorts(fromEnv ?? value, ports);
		if (fromEnv !== undefined || chosen !== value) overrides[name] = chosen;
	}
	for (const [name, value] of Object.entries(readDevVars(devVarsFile))) {
		const chosen = rewritePorts(value, ports);
		if (chosen !== value && !(name in overrides)) overrides[name] = chosen;
	}
	return overrides;
}

function displayPath(dir) {
	const relative = path.relative(process.cwd(), dir);
	return relative === "" ? "." : relative.startsWith("..") ? dir : relative;
}

function banner(orchestrator, sandbox, stateDir) {
	const lines = [
		"",
		"Order Orchestrator is running",
		`  API        ${orchestrator.url}`,
		`  Docs       ${orchestrator.url}/docs  (OpenAPI: ${orchestrator.url}/openapi.json)`,
		`  Sandbox    ${sandbox.url}`,
		`  State      ${displayPath(stateDir)}`,
		"A customer token:",
		`  curl -s -X POST ${sandbox.url}/auth/token -H 'content-type: application/json' -d '{"sub":"cust_1"}'`,
		"Ctrl-C stops both workers.",
		"",
	];
	console.log(lines.join("\n"));
}

async function main() {
	const orchestratorConfigPath = path.join(ROOT, "wrangler.toml");
	const sandboxConfigPath = path.join(ROOT, "sandbox", "wrangler.toml");
	const [orchestratorConfig, sandboxConfig] = await Promise.all([
		readConfig(orchestratorConfigPath),
		readConfig(sandboxConfigPath),
	]);
	const defaultPort = orchestratorConfig.dev?.port ?? 8000;
	const defaultSandboxPort = sandboxConfig.dev?.port ?? 8001;
	const port = portFromEnv("PORT", defaultPort);
	const sandboxPort = portFromEnv("SANDBOX_PORT", defaultSandboxPort);
	if (port === sandboxPort) throw new Error(`PORT and SANDBOX_PORT are both ${port}`);
	for (const [name, value] of [
		["PORT", port],
		["SANDBOX_PORT", sandboxPort],
	]) {
		if (await isPortOpen(value))
			throw new Error(`${name} ${value} is already in use (is another stack running?)`);
	}
	const stateDir = path.resolve(process.env.STATE_DIR || path.join(ROOT, ".wrangler", "state"));
	const ports = { [defaultPort]: port, [defaultSandboxPort]: sandboxPort };

	ensureDevVars(ROOT);
	ensureDevVars(path.join(ROOT, "sandbox"));

	const workers = [
		{ name: "sandbox", configPath: sandboxConfigPath, config: sandboxConfig, port: sandboxPort },
		{ name: "orchestrator", configPath: orchestratorConfigPath, config: orchestratorConfig, port },
	].map((w) => ({ ...w, persistTo: path.join(stateDir, w.name) }));
	for (const w of workers) mkdirSync(w.persistTo, { recursive: true });

	let stopping = false;
	const running = [];
	const shutdown = async (code, reason) => {
		if (stopping) return;
		stopping = true;
		if (reason) log(reason);
		await Promise.all(running.map((w) => w.stop(STOP_GRACE_MS)));
		process.exit(code);
	};
	// Last resort if the runner dies on a bug: never leave a worker listening behind us.
	process.on("exit", () => {
		for (const w of running) {
			try {
				process.kill(-w.child.pid, "SIGKILL");
			} catch {}
		}
	});
	for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
		process.on(signal, () => void shutdown(0, `${signal}: stopping the workers`));
	}
	// npm (or whatever started us) was killed: stop too. If this runner is the one killed, each
	// worker notices on its own (see scripts/lib/parent.mjs).
	onParentExit(() => void shutdown(1, "the process that started the stack is gone: stopping the workers"));

	for (const w of workers) {
		await applyLocalMigrations(w, { log });
		if (stopping) return;
	}

	for (const w of workers) {
		const worker = startWorker({
			name: w.name,
			config: w.configPath,
			port: w.port,
			inspectorPort: await freePort(),
			persistTo: w.persistTo,
			vars: overridesFor(w.config, path.join(path.dirname(w.configPath), ".dev.vars"), ports),
			// The orchestrator's JSON lines, readable (LOG_FORMAT=json keeps them raw).
			...(w.name === "orchestrator" ? { format: logFormatter(), accessLog: false } : {}),
		});
		running.push(worker);
		worker.exited.then(({ code, signal }) => {
			void shutdown(1, `${w.name} exited (${signal ?? `code ${code}`}); stopping the other worker`);
		});
	}

	try {
		await Promise.all(
			running.map((w) => waitForHealth(`${w.url}/health`, STARTUP_TIMEOUT_MS, { child: w.child })),
		);
	} catch (error) {
		await shutdown(1, `startup failed: ${error.message}`);
		return;
	}
	if (stopping) return;
	const [sandbox, orchestrator] = running;
	banner(orchestrator, sandbox, stateDir);
}

main().catch((error) => {
	console.error(`[dev] ${error.message}`);
	process.exit(1);
});
