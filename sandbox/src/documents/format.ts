import { isZone, ZONES } from "../geo/zones";

/** Integer IDR the Indonesian way: "Rp 150.000", "-Rp 10.000". */
export function formatIdr(amount: number): string {
	const digits = String(Math.abs(Math.trunc(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
	return `${amount < 0 ? "-" : ""}Rp ${digits}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/**
 * The instant as a local wall-clock time: "27 Nov 2026 14:05 WITA". WIB, WITA and WIT are fixed
 * offsets (no daylight saving), so they need no time zone database; other names go through Intl.
 */
export function formatLocalTime(instant: string, timeZone: string): string {
	const date = new Date(instant);
	if (isZone(timeZone)) {
		const local = new Date(date.getTime() + ZONES[timeZone].offsetMinutes * 60_000);
		const day = `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
		return `${day} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ${timeZone}`;
	}
	const text = new Intl.DateTimeFormat("en-GB", {
		timeZone,
		day: "numeric",
		month: "short",
		year: "numeric",
		hour: "2-digit",
		minute: "2-digit",
		hourCycle: "h23",
	}).format(date);
	return `${text.replace(",", "")} ${timeZone}`;
}

/** Characters WinAnsi has beyond Latin-1 (curly quotes, dashes, bullet, euro, ...). */
const WIN_ANSI_EXTRAS =
	"\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178";
const REPLACEMENTS: Record<string, string> = { "\u2192": "->", "\u2190": "<-" };

/**
 * The standard PDF fonts only encode WinAnsi; anything else (arrows, emoji, non-Latin scripts)
 * would make pdf-lib throw, so it is transliterated or replaced rather than failing the receipt.
 */
export function pdfSafe(text: string): string {
	return Array.from(text, (char) => {
		const code = char.codePointAt(0) ?? 0;
		if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return char;
		if (WIN_ANSI_EXTRAS.includes(char)) return char;
		return REPLACEMENTS[char] ?? (/\s/.test(char) ? " " : "?");
	}).join("");
}
