import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import { taxiSearch } from "./fixtures";

let state: string;
let running: RunningSandbox | undefined;

beforeAll(async () => {
	state = await mkdtemp(path.join(tmpdir(), "sandbox-restart-"));
	running = await startSandbox({ persistTo: state });
});
afterAll(async () => {
	await running?.stop();
	await rm(state, { recursive: true, force: true });
});

describe("sandbox state across a restart", () => {
	it("keeps one signing key and every live session when the worker restarts", async () => {
		if (!running) throw new Error("sandbox did not start");
		const url = running.url;

		// Racing first requests must still end up with a single key.
		const tokens = await Promise.all(
			Array.from({ length: 8 }, (_, i) => postJson(`${url}/auth/token`, { sub: `cust-${i}` })),
		);
		const kids = new Set(tokens.map((t) => decodeProtectedHeader((t.body as { token: string }).token).kid));
		expect(kids.size).toBe(1);
		const jwksBefore = (await getJson(`${url}/.well-known/jwks.json`)).body as { keys: { kid: string }[] };
		expect(jwksBefore.keys.map((key) => key.kid)).toEqual([...kids]);

		const search = (await postJson(`${url}/session-manager/searches`, taxiSearch())).body as {
			sessionId: string;
		};
		const before = await getJson(`${url}/session-manager/sessions/${search.sessionId}`);

		await running.stop();
		running = await startSandbox({ persistTo: state });

		const jwksAfter = await getJson(`${running.url}/.well-known/jwks.json`);
		expect(jwksAfter.body).toEqual(jwksBefore);
		const after = await getJson(`${running.url}/session-manager/sessions/${search.sessionId}`);
		expect(after.status).toBe(200);
		expect(after.body).toEqual(before.body);
	});
});
