import { afterEach, describe, expect, it, vi } from "vitest";
import { logFormatter } from "../../scripts/lib/log-format.mjs";
import { log, setLogLevel } from "../../src/lib/log";
import {
	currentTrace,
	parseTraceparent,
	resumedTrace,
	traceHeaders,
	traceOfRequest,
	validRequestId,
	withTrace,
} from "../../src/lib/trace";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("W3C traceparent", () => {
	it.each([
		[`00-${TRACE}-00f067aa0ba902b7-01`, { traceId: TRACE, flags: "01" }],
		[`00-${TRACE}-00f067aa0ba902b7-00`, { traceId: TRACE, flags: "00" }],
		// A later version may add fields after the flags.
		[`01-${TRACE}-00f067aa0ba902b7-01-future`, { traceId: TRACE, flags: "01" }],
	])("continues %s", (header, expected) => {
		expect(parseTraceparent(header)).toEqual(expected);
	});

	it.each([
		["", "empty"],
		[`ff-${TRACE}-00f067aa0ba902b7-01`, "version ff"],
		[`00-${TRACE}-00f067aa0ba902b7-01-extra`, "version 00 with a fifth field"],
		[`00-${"0".repeat(32)}-00f067aa0ba902b7-01`, "an all-zero trace id"],
		[`00-${TRACE}-${"0".repeat(16)}-01`, "an all-zero parent id"],
		[`00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01`, "upper-case hex"],
		[`00-${TRACE.slice(1)}-00f067aa0ba902b7-01`, "a short trace id"],
		["not a traceparent", "junk"],
	])("refuses %s (%s)", (header) => {
		expect(parseTraceparent(header)).toBeUndefined();
	});
});

describe("a request's trace", () => {
	it("keeps a valid X-Request-Id and continues the caller's trace in a span of its own", () => {
		const trace = traceOfRequest(
			new Headers({ "x-request-id": "abc.DEF_123-x", traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }),
		);
		expect(trace).toMatchObject({ requestId: "abc.DEF_123-x", traceId: TRACE, flags: "01" });
		expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
		expect(trace.spanId).not.toBe("00f067aa0ba902b7");
	});

	it("replaces an invalid request id and starts a trace when there is none", () => {
		for (const id of ["", "with space", "x".repeat(129), "semi;colon", "ü"]) {
			expect(validRequestId(id)).toBe(false);
			const trace = traceOfRequest(new Headers(id ? { "x-request-id": `${encodeURIComponent(id)};` } : {}));
			expect(trace.requestId).toMatch(/^[0-9a-f-]{36}$/);
			expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
		}
		expect(validRequestId("x".repeat(128))).toBe(true);
	});

	it("sends the current trace upstream, a new span per call, and nothing outside a trace", () => {
		expect(traceHeaders()).toEqual({});
		const trace = traceOfRequest(new Headers({ "x-request-id": "r1" }));
		withTrace(trace, () => {
			expect(currentTrace()).toBe(trace);
			const first = traceHeaders();
			const second = traceHeaders();
			expect(first["x-request-id"]).toBe("r1");
			expect(first.traceparent).toMatch(new RegExp(`^00-${trace.traceId}-[0-9a-f]{16}-01$`));
			expect(first.traceparent).not.toBe(second.traceparent);
		});
		expect(currentTrace()).toBeUndefined();
	});

	it("resumes a stored trace, or starts one tagged by origin when the stored one is junk", async () => {
		const trace = traceOfRequest(new Headers({ "x-request-id": "r2" }));
		const resumed = resumedTrace(JSON.parse(JSON.stringify(trace)), "event");
		expect(resumed).toMatchObject({ requestId: "r2", traceId: trace.traceId });
		expect(resumed.spanId).not.toBe(trace.spanId);
		for (const junk of [undefined, null, 42, { requestId: "r3" }, { ...trace, traceId: "nothex" }]) {
			expect(resumedTrace(junk, "event").requestId).toMatch(/^event-/);
		}
		// The scope survives awaits.
		await withTrace(trace, async () => {
			await new Promise((resolve) => setTimeout(resolve, 1));
			expect(currentTrace()?.requestId).toBe("r2");
		});
	});
});

describe("npm start's log lines", () => {
	const line = JSON.stringify({
		level: "info",
		msg: "request",
		requestId: "5f1c2a9e-aaaa",
		traceId: "3b0d1e77ffffffff",
		method: "POST",
		route: "/v1/orders",
		status: 201,
		ms: 48,
	});

	it("reads one short line per entry, ids last", () => {
		const pretty = logFormatter({ json: false, colour: false })(line);
		expect(pretty).toMatch(
			/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request +POST \/v1\/orders 201 48ms {2}req 5f1c2a9e trace 3b0d1e77$/,
		);
		const transition = logFormatter({ json: false, colour: false })(
			JSON.stringify({
				level: "info",
				msg: "booking.transition",
				bookingId: "bkg_1",
				version: 3,
				from: "CREATED",
				to: "ACTIVE",
				paymentFrom: "WAITING_FOR_PAYMENT",
				paymentTo: "PAID",
				events: ["booking.active"],
			}),
		);
		expect(transition).toContain(
			"bkg_1 v3 CREATED→ACTIVE, payment WAITING_FOR_PAYMENT→PAID (booking.active)",
		);
	});

	it("keeps raw JSON with LOG_FORMAT=json, and passes other lines through", () => {
		expect(logFormatter({ json: true, colour: false })(line)).toBe(line);
		const format = logFormatter({ json: false, colour: true });
		expect(format("Ready on http://127.0.0.1:8000")).toBe("Ready on http://127.0.0.1:8000");
		expect(format("{not json")).toBe("{not json");
		expect(format(line)).toContain("\x1b[36mINFO \x1b[0m");
	});
});

describe("log lines", () => {
	afterEach(() => {
		setLogLevel("info");
		vi.restoreAllMocks();
	});

	it("carry the current trace's ids, and nothing below LOG_LEVEL", () => {
		const out = vi.spyOn(console, "log").mockImplementation(() => {});
		const trace = traceOfRequest(new Headers({ "x-request-id": "r-log" }));
		withTrace(trace, () => log("info", "booking.transition", { bookingId: "bkg_1" }));
		expect(JSON.parse(out.mock.calls[0]?.[0] as string)).toEqual({
			level: "info",
			msg: "booking.transition",
			requestId: "r-log",
			traceId: trace.traceId,
			bookingId: "bkg_1",
		});
		log("debug", "metric");
		expect(out).toHaveBeenCalledTimes(1);
		setLogLevel("debug");
		log("debug", "metric");
		expect(out).toHaveBeenCalledTimes(2);
		setLogLevel("warn");
		log("info", "request");
		expect(out).toHaveBeenCalledTimes(2);
	});
});
