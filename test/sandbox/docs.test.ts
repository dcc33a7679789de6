import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROOT } from "../../scripts/lib/workers.mjs";
import { getJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";

// The sandbox's app is read here for its route table only: its Durable Object classes extend a
// runtime class that exists in workerd, not in Node.
vi.mock("cloudflare:workers", () => ({ DurableObject: class {} }));

/**
 * The sandbox's steering API reference: its document covers every steering route the app
 * registers (so a new one cannot go undocumented), and the sandbox serves it with /docs.
 */
let sandbox: RunningSandbox;
beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

interface SandboxDocument {
	paths: Record<string, Record<string, unknown>>;
}

// The sandbox's modules are imported by URL so the orchestrator's type check (whose Env is not
// the sandbox's) does not take in their sources.
const sandboxModule = <T>(file: string): Promise<T> =>
	import(/* @vite-ignore */ new URL(`../../sandbox/src/${file}`, import.meta.url).href) as Promise<T>;
const { PREFIXES, sandboxDocument } = await sandboxModule<{
	PREFIXES: readonly string[];
	sandboxDocument: SandboxDocument;
}>("docs/openapi.ts");

const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, "{$1}");

describe("the sandbox's steering document", () => {
	it("documents every steering route the sandbox registers, and nothing it does not", async () => {
		const { default: app } = await sandboxModule<{
			default: { routes: Array<{ method: string; path: string }> };
		}>("index.ts");
		const registered = app.routes
			.filter((route) => route.method !== "ALL" && PREFIXES.some((prefix) => route.path.startsWith(prefix)))
			.map((route) => `${route.method} ${openApiPath(route.path)}`);
		const documented = Object.entries(sandboxDocument.paths).flatMap(([path, methods]) =>
			Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
		);
		expect(registered.length).toBeGreaterThan(15);
		expect([...new Set(registered)].sort()).toEqual([...documented].sort());
	});

	it("gives every operation an answer example and every body a schema and an example", () => {
		const gaps: string[] = [];
		for (const [path, methods] of Object.entries(sandboxDocument.paths)) {
			for (const [method, raw] of Object.entries(methods)) {
				const op = raw as {
					requestBody?: { content: { "application/json": { schema?: unknown; example?: unknown } } };
					responses: Record<string, { content?: Record<string, { example?: unknown; schema?: unknown }> }>;
				};
				const body = op.requestBody?.content["application/json"];
				if (body && (!body.schema || body.example === undefined)) gaps.push(`${method} ${path}: body`);
				const ok = Object.entries(op.responses).find(([status]) => status.startsWith("2"));
				if (ok?.[1].content?.["application/json"]?.example === undefined)
					gaps.push(`${method} ${path}: answer`);
			}
		}
		expect(gaps).toEqual([]);
	});

	it("is served at /openapi.json", async () => {
		const response = await getJson(`${sandbox.url}/openapi.json`);
		expect(response.status).toBe(200);
		expect(response.body).toEqual(JSON.parse(JSON.stringify(sandboxDocument)));
	});

	it("is rendered at /docs by the sandbox itself, with the orchestrator's page script, under its own CSP", async () => {
		const page = await fetch(`${sandbox.url}/docs`);
		expect(page.status).toBe(200);
		expect(page.headers.get("content-type")).toContain("text/html");
		expect(page.headers.get("content-security-policy")).toContain("connect-src 'self'");
		const html = await page.text();
		expect(html).toContain('src="/vendor/scalar/standalone.js"');
		expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
		for (const asset of ["/vendor/scalar/standalone.js", "/docs.js"]) {
			const response = await fetch(`${sandbox.url}${asset}`);
			expect(response.status, asset).toBe(200);
			expect(response.headers.get("content-type"), asset).toContain("text/javascript");
			const text = await response.text();
			// The very files the orchestrator serves from its assets.
			expect(text, asset).toBe(readFileSync(path.join(ROOT, "public", asset.slice(1)), "utf8"));
		}
	});
});
