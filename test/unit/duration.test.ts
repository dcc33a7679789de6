import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/domain/duration";

describe("parseDuration", () => {
	it.each([
		["15m", 900_000],
		["30m", 1_800_000],
		["5s", 5_000],
		["500ms", 500],
		["2h", 7_200_000],
		["1d", 86_400_000],
		["120", 120_000],
		["1.5s", 1_500],
	])("reads %s as %i ms", (text, ms) => {
		expect(parseDuration(text)).toBe(ms);
	});

	it.each(["", "abc", "5 minutes", "-5s", "0s", "5w"])("rejects %j", (text) => {
		expect(parseDuration(text)).toBeUndefined();
	});
});
