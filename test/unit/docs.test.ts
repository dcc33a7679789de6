import { describe, expect, it } from "vitest";
import { sign, verify } from "../../src/lib/signature";
import { callbacksGuide } from "../../src/routes/docs/callbacks";
import { runSnippet } from "../support/docs-snippets";

/**
 * The reference's "Callbacks and signatures" snippets, as a reader copies them: each must print
 * the header src/lib/signature.ts computes for the same secret, body and time, and the
 * orchestrator's check must accept it. test/e2e/docs.e2e.test.ts sends what they sign to a
 * running orchestrator.
 */
const run = (language: "js" | "sh", env: Record<string, string>) => runSnippet(callbacksGuide, language, env);

const SECRET = "whsec_dev_taxi";
// Multi-byte characters and a quote, as a real body may hold: the HMAC is over the bytes.
const BODY = JSON.stringify({
	id: "evt_doc_snippet_1",
	partnerRef: "taxi_a8e98229b318",
	bookingId: "bkg_4hT9q2ZxYvB7mN3kP8sR1w",
	itemId: "oi_7Yh3Kd9QbX2mR5tN8vC1pZ",
	businessType: "TAXI",
	status: "DRIVER_ASSIGNED",
	vehicle: {
		plate: "B 1234 XYZ",
		model: "Toyota Avanza",
		driverName: 'Agus "Gus" Wijaya',
		driverPhone: "+62813",
	},
	note: "Jalan Sudirman · 5 % off — ✓",
});

describe("the callback signing snippets", () => {
	for (const language of ["js", "sh"] as const) {
		it(`${language}: prints the header the orchestrator computes, for a given time`, async () => {
			const out = run(language, { SECRET, BODY, T: "1764300000" });
			expect(out.trim()).toBe(`X-Signature: ${await sign(SECRET, BODY, 1764300000)}`);
		});

		it(`${language}: signs with the current time when none is given, and the orchestrator accepts it`, async () => {
			const out = run(language, { SECRET, BODY });
			const header = out.trim().replace(/^X-Signature: /, "");
			expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
			const now = Math.floor(Date.now() / 1000);
			expect(await verify([SECRET], header, BODY, now)).toEqual({ ok: true });
			expect(await verify(["whsec_other"], header, BODY, now)).toEqual({ ok: false, reason: "MISMATCH" });
			expect(await verify([SECRET], header, BODY, now + 301)).toEqual({ ok: false, reason: "STALE" });
		});
	}
});
