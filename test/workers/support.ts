import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

/** Helpers for workers tests: real tokens and quotes from the sandbox, requests through the worker. */
export const sandbox = (path: string, init?: RequestInit) => fetch(`${env.TEST_SANDBOX_URL}${path}`, init);

export async function tokenFor(sub: string, claims: Record<string, unknown> = {}): Promise<string> {
	const response = await sandbox("/auth/token", {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ sub, ...claims }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { token: string }).token;
}

export interface CallOptions {
	token?: string;
	body?: unknown;
	rawBody?: string;
	headers?: Record<string, string>;
}

export async function call(method: string, path: string, options: CallOptions = {}) {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.body !== undefined || options.rawBody !== undefined)
		headers["content-type"] = "application/json";
	const response = await exports.default.fetch(`http://orchestrator.test${path}`, {
		method,
		headers,
		body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const inDays = (days: number, hour = 8) => {
	const date = new Date(Date.now() + days * 86_400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date.toISOString();
};

export const place = (address: string, lat: number, lng: number) => ({ lat, lng, address });
export const taxiSearch = () => ({
	pickup: place("Monas, Jakarta", -6.1754, 106.8272),
	dropoff: place("Blok M, Jakarta", -6.2443, 106.7982),
	pickupAt: inDays(2),
});
export const rentSearch = () => ({ city: "Jakarta", startAt: inDays(3), endAt: inDays(5), withDriver: true });

export interface Search {
	sessionId: string;
	businessType: string;
	expiresAt: string;
	fleets: Array<{
		fleetId: string;
		name: string;
		unitPrice: number;
		fareComponents: Array<{ code: string; amount: number }>;
		attributes?: Record<string, unknown>;
	}>;
}

export async function search(token: string, businessType: string, details: unknown): Promise<Search> {
	const res = await call("POST", "/v1/searches", { token, body: { businessType, details } });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body as Search;
}

export async function newCart(token: string): Promise<{ id: string } & Record<string, unknown>> {
	const res = await call("POST", "/v1/carts", { token });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body;
}

/** Searches a taxi ride and returns an AddCartItem body for its first fleet. */
export async function taxiItem(token: string, quantity = 1, notes?: string) {
	const details = taxiSearch();
	const quote = await search(token, "TAXI", details);
	const fleet = quote.fleets[0];
	if (!fleet) throw new Error("the sandbox offered no taxi fleet");
	return {
		quote,
		fleet,
		body: {
			businessType: "TAXI",
			sessionId: quote.sessionId,
			fleetId: fleet.fleetId,
			quantity,
			details: {
				...details,
				passenger: { name: "Budi", phone: "+6281234567890" },
				...(notes ? { notes } : {}),
			},
		},
	};
}

export function problem(code: string, status: number, extra: Record<string, unknown> = {}) {
	return expect.objectContaining({
		type: expect.stringContaining(code.toLowerCase().replaceAll("_", "-")),
		title: expect.any(String),
		status,
		detail: expect.any(String),
		code,
		...extra,
	});
}
