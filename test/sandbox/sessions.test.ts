import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import { deliverySearch, taxiSearch } from "./fixtures";

type Created = {
	sessionId: string;
	businessType: string;
	createdAt: string;
	expiresAt: string;
	fleets: { fleetId: string }[];
};

function problem(status: number, code: string, title: string, detail: string) {
	const type = `/problems/${code.toLowerCase().replaceAll("_", "-")}`;
	return { type, title, status, detail, code };
}

describe("session lookup", () => {
	let sandbox: RunningSandbox;

	beforeAll(async () => {
		sandbox = await startSandbox();
	});
	afterAll(async () => {
		await sandbox?.stop();
	});

	async function created(body: unknown): Promise<Created> {
		const response = await postJson(`${sandbox.url}/session-manager/searches`, body);
		expect(response.status).toBe(201);
		return response.body as Created;
	}

	it("returns the session with its original details and fleets", async () => {
		const request = taxiSearch();
		const search = await created(request);
		const response = await getJson(`${sandbox.url}/session-manager/sessions/${search.sessionId}`);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ ...search, details: request.details });
	});

	it("returns one fleet of the session with the session's details", async () => {
		const request = deliverySearch(3);
		const search = await created(request);
		const [, van] = search.fleets;
		const response = await getJson(
			`${sandbox.url}/session-manager/sessions/${search.sessionId}/fleets/delivery-van`,
		);
		expect(response.status).toBe(200);
		const { fleets: _fleets, ...rest } = search;
		expect(response.body).toEqual({ ...rest, details: request.details, fleet: van });
	});

	it("answers 404 SESSION_NOT_FOUND for a session that was never created", async () => {
		for (const sessionId of [`ses_${"0".repeat(32)}`, "not-a-session"]) {
			const response = await getJson(`${sandbox.url}/session-manager/sessions/${sessionId}`);
			expect(response.status).toBe(404);
			expect(response.contentType).toBe("application/problem+json");
			expect(response.body).toEqual(
				problem(404, "SESSION_NOT_FOUND", "Session not found", `Session ${sessionId} does not exist.`),
			);
			const fleet = await getJson(`${sandbox.url}/session-manager/sessions/${sessionId}/fleets/taxi-regular`);
			expect(fleet.status).toBe(404);
			expect((fleet.body as { code: string }).code).toBe("SESSION_NOT_FOUND");
		}
	});

	it("answers 404 FLEET_NOT_FOUND for a fleet the live session does not offer", async () => {
		const search = await created(taxiSearch());
		const response = await getJson(
			`${sandbox.url}/session-manager/sessions/${search.sessionId}/fleets/shuttle-0600`,
		);
		expect(response.status).toBe(404);
		expect(response.body).toEqual(
			problem(
				404,
				"FLEET_NOT_FOUND",
				"Fleet not found",
				`Session ${search.sessionId} has no fleet shuttle-0600.`,
			),
		);
	});
});

describe("session expiry", () => {
	let sandbox: RunningSandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ vars: { QUOTE_TTL: "1s" } });
	});
	afterAll(async () => {
		await sandbox?.stop();
	});

	it("answers 410 SESSION_EXPIRED once QUOTE_TTL has passed", async () => {
		const response = await postJson(`${sandbox.url}/session-manager/searches`, taxiSearch());
		const search = response.body as Created;
		expect(Date.parse(search.expiresAt) - Date.parse(search.createdAt)).toBe(1000);

		const live = await getJson(`${sandbox.url}/session-manager/sessions/${search.sessionId}`);
		expect(live.status).toBe(200);

		await new Promise((resolve) => setTimeout(resolve, 1500));
		const expired = problem(
			410,
			"SESSION_EXPIRED",
			"Session expired",
			`Session ${search.sessionId} has expired; search again.`,
		);
		const session = await getJson(`${sandbox.url}/session-manager/sessions/${search.sessionId}`);
		expect(session.status).toBe(410);
		expect(session.contentType).toBe("application/problem+json");
		expect(session.body).toEqual(expired);
		const fleet = await getJson(
			`${sandbox.url}/session-manager/sessions/${search.sessionId}/fleets/taxi-regular`,
		);
		expect(fleet.status).toBe(410);
		expect(fleet.body).toEqual(expired);
	});
});
