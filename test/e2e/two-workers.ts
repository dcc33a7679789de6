// The two workers started one by one with scripts/lib/workers.mjs (not `npm start`), so a test
// can SIGKILL just the orchestrator's process group (runner and workerd) and start it again on the same
// port and the same `--persist-to` directory, the way a crashed host comes back.
//
// Set-up follows scripts/dev.mjs: local D1 migrations are applied before the first start; each
// worker gets its [vars] with every address of the default ports (8000/8001) moved to the chosen
// ones; secrets come from the worker's .dev.vars (or .dev.vars.example when there is none).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
	applyLocalMigrations,
	freePort,
	ROOT,
	type RunningWorker,
	readConfig,
	readDevVars,
	rewritePorts,
	startWorker,
	stopProcessGroup,
	waitForHealth,
} from "../../scripts/lib/workers.mjs";

const STARTUP_TIMEOUT_MS = 120_000;

interface WorkerSpec {
	name: "orchestrator" | "sandbox";
	configPath: string;
	port: number;
	persistTo: string;
	vars: Record<string, string>;
}

export interface TwoWorkers {
	url: string;
	sandboxUrl: string;
	port: number;
	sandboxPort: number;
	stateDir: string;
	orchestrator(): RunningWorker;
	/** SIGKILL to the orchestrator's whole process group (wrangler, workerd, esbuild); resolves once it is empty. */
	killOrchestrator(): Promise<void>;
	/** Starts the orchestrator again on the same port and state, and waits until it is healthy. */
	restartOrchestrator(): Promise<void>;
	/** Stops both workers (SIGTERM, then SIGKILL) and removes the state directory. */
	stop(): Promise<void>;
}

/** The `--var` values of one worker, as scripts/dev.mjs computes them, plus `overrides`. */
async function varsFor(configPath: string, ports: Record<number, number>, overrides: Record<string, string>) {
	const config = (await readConfig(configPath)) as { vars?: Record<string, unknown> };
	const vars: Record<string, string> = {};
	for (const [name, raw] of Object.entries(config.vars ?? {})) {
		const value = typeof raw === "string" ? raw : JSON.stringify(raw);
		const moved = rewritePorts(value, ports);
		if (moved !== value) vars[name] = moved;
	}
	const dir = path.dirname(configPath);
	const devVars = path.join(dir, ".dev.vars");
	const secrets = existsSync(devVars)
		? readDevVars(devVars)
		: readDevVars(path.join(dir, ".dev.vars.example"));
	for (const [name, value] of Object.entries(secrets)) {
		const moved = rewritePorts(value, ports);
		// wrangler reads .dev.vars itself; only moved values, or an absent .dev.vars, need --var.
		if (!existsSync(devVars) || moved !== value) vars[name] ??= moved;
	}
	return { ...vars, ...overrides };
}

async function launch(spec: WorkerSpec): Promise<RunningWorker> {
	const inspectorPort = await freePort();
	const worker = startWorker({
		name: spec.name,
		config: spec.configPath,
		port: spec.port,
		inspectorPort,
		persistTo: spec.persistTo,
		vars: spec.vars,
		logLevel: process.env.E2E_VERBOSE === "1" ? undefined : "warn",
		clean: true,
	});
	try {
		await waitForHealth(`${worker.url}/health`, STARTUP_TIMEOUT_MS, { child: worker.child });
	} catch (error) {
		await worker.stop(2_000);
		throw error;
	}
	return worker;
}

/**
 * Starts the sandbox and the orchestrator on free ports with a fresh state directory.
 * `orchestratorVars` / `sandboxVars` override [vars], e.g. { SAGA_STEP_DEADLINE: "60s" }.
 */
export async function startTwoWorkers({
	orchestratorVars = {},
	sandboxVars = {},
}: {
	orchestratorVars?: Record<string, string>;
	sandboxVars?: Record<string, string>;
} = {}): Promise<TwoWorkers> {
	const port = await freePort();
	let sandboxPort = await freePort();
	while (sandboxPort === port) sandboxPort = await freePort();
	const ports = { 8000: port, 8001: sandboxPort };
	const stateDir = mkdtempSync(path.join(tmpdir(), "order-orchestrator-crash-"));
	const orchestratorConfig = path.join(ROOT, "wrangler.toml");
	const sandboxConfig = path.join(ROOT, "sandbox", "wrangler.toml");
	const specs = {
		sandbox: {
			name: "sandbox",
			configPath: sandboxConfig,
			port: sandboxPort,
			persistTo: path.join(stateDir, "sandbox"),
			vars: await varsFor(sandboxConfig, ports, sandboxVars),
		},
		orchestrator: {
			name: "orchestrator",
			configPath: orchestratorConfig,
			port,
			persistTo: path.join(stateDir, "orchestrator"),
			vars: await varsFor(orchestratorConfig, ports, orchestratorVars),
		},
	} satisfies Record<string, WorkerSpec>;
	for (const spec of Object.values(specs)) mkdirSync(spec.persistTo, { recursive: true });

	const running: { sandbox?: RunningWorker; orchestrator?: RunningWorker } = {};
	const stop = async () => {
		await Promise.all(
			[running.orchestrator, running.sandbox].map((w) =>
				w ? stopProcessGroup(w.child, { graceMs: 5_000 }) : undefined,
			),
		);
		rmSync(stateDir, { recursive: true, force: true });
	};
	try {
		await applyLocalMigrations(specs.sandbox, { clean: true });
		await applyLocalMigrations(specs.orchestrator, { clean: true });
		running.sandbox = await launch(specs.sandbox);
		running.orchestrator = await launch(specs.orchestrator);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		url: `http://127.0.0.1:${port}`,
		sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
		port,
		sandboxPort,
		stateDir,
		orchestrator: () => running.orchestrator as RunningWorker,
		killOrchestrator: async () => {
			const worker = running.orchestrator;
			if (worker) await stopProcessGroup(worker.child, { signal: "SIGKILL", graceMs: 5_000 });
		},
		restartOrchestrator: async () => {
			running.orchestrator = undefined;
			running.orchestrator = await launch(specs.orchestrator);
		},
		stop,
	};
}
