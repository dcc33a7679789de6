// Types for workers.mjs, so TypeScript callers (test/e2e, bench helpers) stay strict.
import type { ChildProcess } from "node:child_process";

export interface ExitStatus {
	code: number | null;
	signal: NodeJS.Signals | null;
}

export interface RunningWorker {
	name: string;
	url: string;
	child: ChildProcess;
	exited: Promise<ExitStatus>;
	stop(graceMs?: number): Promise<void>;
}

export interface StartWorkerOptions {
	name: string;
	config: string;
	port: number;
	inspectorPort: number;
	persistTo: string;
	vars?: Record<string, string>;
	logLevel?: "debug" | "info" | "log" | "warn" | "error" | "none";
	clean?: boolean;
	/** Rewrites each output line before it is printed (the orchestrator's log formatter). */
	format?: (line: string) => string;
	/** false: no Miniflare access line per request (the worker logs its own). */
	accessLog?: boolean;
}

export const ROOT: string;
export function wranglerBin(): string;
export function freePort(): Promise<number>;
export function isPortOpen(port: number): Promise<boolean>;
export function readConfig(configPath: string): Promise<Record<string, unknown>>;
export function readVars(configPath: string): Promise<Record<string, string>>;
export function readDevVars(file: string): Record<string, string>;
export function prefixOutput(child: ChildProcess, prefix: string): void;
export function exited(child: ChildProcess): Promise<ExitStatus>;
export function runWrangler(
	args: string[],
	options?: { cwd?: string; prefix?: string; env?: Record<string, string>; clean?: boolean },
): Promise<number>;
export function applyLocalMigrations(
	worker: { name: string; configPath: string; persistTo: string; config?: Record<string, unknown> },
	options?: { clean?: boolean; log?: (message: string) => void },
): Promise<void>;
export function queryLocalD1<T = Record<string, unknown>>(
	persistTo: string,
	sql: string,
	options?: { configPath?: string; binding?: string },
): Promise<T[]>;
export function withoutTestRunner(env: NodeJS.ProcessEnv): Record<string, string>;
export function startWorker(options: StartWorkerOptions): RunningWorker;
export function stopProcessGroup(
	child: ChildProcess,
	options?: { signal?: NodeJS.Signals; graceMs?: number },
): Promise<void>;
export function waitForHealth(
	url: string,
	timeoutMs?: number,
	options?: { child?: ChildProcess },
): Promise<void>;
export function rewritePorts(value: string, ports: Record<string | number, number>): string;
