/**
 * What both guest pages share: the language (navigator.language, a visible switch, remembered
 * in localStorage), money and local times, a small DOM helper that only ever writes text, and
 * the API client that turns every failure into a problem the page can put into words.
 */

import { cityByName } from "./places.js";
import { STRINGS } from "./strings.js";
import { ZONES, zoneAt, zoneOfOffset } from "./zones.js";

const LANG_KEY = "oo.lang";
const listeners = [];
let lang = initialLang();

function initialLang() {
	try {
		const saved = localStorage.getItem(LANG_KEY);
		if (saved === "en" || saved === "id") return saved;
	} catch {}
	const wanted = navigator.languages?.length ? navigator.languages : [navigator.language || "en"];
	return wanted.some((tag) => /^(id|in)\b/i.test(tag)) ? "id" : "en";
}

export const currentLang = () => lang;

export function t(key, vars = {}) {
	const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
	return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}
export const has = (key) => key in STRINGS[lang] || key in STRINGS.en;

/** Fills every [data-i18n] element's text and [data-i18n-*] attribute from the strings. */
export function translateStatic(root = document) {
	document.documentElement.lang = lang;
	for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
	for (const node of root.querySelectorAll("[data-i18n-placeholder]"))
		node.setAttribute("placeholder", t(node.dataset.i18nPlaceholder));
	for (const node of root.querySelectorAll("[data-i18n-aria-label]"))
		node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
}

export function onLangChange(listener) {
	listeners.push(listener);
}

/** Wires the page's language switch (a labelled <select id="lang">). */
export function setUpLanguage() {
	const select = document.getElementById("lang");
	select.value = lang;
	translateStatic();
	select.addEventListener("change", () => {
		lang = select.value === "id" ? "id" : "en";
		try {
			localStorage.setItem(LANG_KEY, lang);
		} catch {}
		translateStatic();
		for (const listener of listeners) listener(lang);
	});
}

const rupiah = new Intl.NumberFormat("id-ID", {
	style: "currency",
	currency: "IDR",
	maximumFractionDigits: 0,
});
/** Integer IDR as "Rp 50.000" (with a no-break space), whatever the page's language. */
export const money = (amount) => rupiah.format(amount);

/** An instant in `zone` with the zone's label: "3 Des 2026 08.00 WITA". */
export function localTime(iso, zone = ZONES.WIB, { dateOnly = false, timeOnly = false } = {}) {
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return String(iso);
	const options = { timeZone: zone.timeZone, hour12: false };
	if (!timeOnly) Object.assign(options, { day: "numeric", month: "short", year: "numeric" });
	if (!dateOnly) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
	const text = new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", options).format(at);
	return dateOnly ? text : `${text} ${zone.zone}`;
}

/** A <time> element showing `iso` in `zone`, the UTC instant in its datetime attribute. */
export function timeEl(iso, zone, options) {
	const node = el("time", { text: localTime(iso, zone, options) });
	const at = new Date(iso);
	if (!Number.isNaN(at.getTime())) node.dateTime = at.toISOString();
	return node;
}

/**
 * The zone of an item's times: its place's (pickup, sender, rental city) when it has one,
 * otherwise the zone its own time was written in (a shuttle's departure), otherwise WIB.
 */
export function itemZone(businessType, details = {}) {
	const place = details.pickup ?? details.sender;
	if (place && typeof place.lat === "number" && typeof place.lng === "number")
		return zoneAt(place.lat, place.lng);
	if (businessType === "RENT" && cityByName(details.city)) return cityByName(details.city).zone;
	return zoneOfOffset(details.departureAt ?? details.startAt ?? details.pickupAt) ?? ZONES.WIB;
}

export const $ = (id) => document.getElementById(id);

/** Builds an element; `text` sets textContent (API values are never parsed as HTML). */
export function el(tag, props = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (value === undefined || value === null || value === false) continue;
		if (key === "class") node.className = value;
		else if (key === "text") node.textContent = value;
		else if (key === "dataset") Object.assign(node.dataset, value);
		else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
		else if (value === true) node.setAttribute(key, "");
		else node.setAttribute(key, value);
	}
	for (const child of children.flat())
		if (child !== undefined && child !== null && child !== false) node.append(child);
	return node;
}

/** A failed call: the problem+json body when there was one, a NETWORK problem otherwise. */
export class Problem extends Error {
	constructor(problem, response) {
		super(problem.detail || problem.title || problem.code);
		this.problem = problem;
		this.status = problem.status;
		this.code = problem.code;
		this.retryAfter = Number(response?.headers.get("retry-after")) || undefined;
	}
}

/** One JSON call to this origin's API; resolves with { status, body } for 2xx, throws Problem otherwise. */
export async function api(method, path, { body, token, headers = {}, signal } = {}) {
	let response;
	try {
		response = await fetch(path, {
			method,
			headers: {
				accept: "application/json",
				...(body === undefined ? {} : { "content-type": "application/json" }),
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...headers,
			},
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
			signal,
		});
	} catch (error) {
		if (error?.name === "AbortError") throw error;
		throw new Problem({ code: "NETWORK", status: 0, detail: "" });
	}
	const text = await response.text().catch(() => "");
	let data = {};
	try {
		data = text ? JSON.parse(text) : {};
	} catch {
		data = {};
	}
	if (response.ok) return { status: response.status, body: data };
	const problem =
		data && typeof data.code === "string"
			? data
			: { code: response.status === 429 ? "RATE_LIMITED" : "DEFAULT", status: response.status, detail: "" };
	throw new Problem(problem, response);
}

/** Codes whose API detail says why (a promo's minimum spend, a method's maintenance note). */
const WHY = new Set([
	"PROMO_UNKNOWN",
	"PROMO_EXPIRED",
	"PROMO_NOT_APPLICABLE",
	"SEARCH_REJECTED",
	"PAYMENT_METHOD_DISABLED",
	"PAYMENT_METHOD_LIMIT",
	"CARD_DAILY_BUDGET_EXCEEDED",
	"DETAILS_MISMATCH",
]);

/**
 * What to tell the guest about a problem, in the page's language: our sentence for its code,
 * with the API's own detail (in English) under it where it says why. A code we have no
 * sentence for shows the API's detail.
 */
export function problemText(error) {
	const code = error?.code ?? "DEFAULT";
	const detail = error?.problem?.detail ?? "";
	if (code === "RATE_LIMITED")
		return {
			text: error.retryAfter
				? t("error.RATE_LIMITED", { s: error.retryAfter })
				: t("error.RATE_LIMITED.nowait"),
		};
	const key = `error.${code}`;
	if (!has(key)) return { text: detail || t("error.DEFAULT") };
	return { text: t(key), detail: WHY.has(code) && detail !== t(key) ? detail : "" };
}

/** Writes a problem into a role="alert" element: the sentence, and the API's detail in English under it. */
export function showProblem(target, error) {
	const { text, detail } = problemText(error);
	target.replaceChildren(
		el("span", { text }),
		detail ? el("small", { class: "detail", lang: "en", text: detail }) : "",
	);
	target.hidden = false;
}

export function clearMessage(target) {
	target.replaceChildren();
	target.hidden = true;
}

/** Marks a control invalid with a message linked by aria-describedby; null clears it. */
export function setFieldError(input, message) {
	const id = `${input.id}-error`;
	let node = document.getElementById(id);
	if (!node) {
		node = el("p", { id, class: "field-error" });
		(input.closest(".field") ?? input.parentElement).append(node);
	}
	const described = (input.getAttribute("aria-describedby") ?? "").split(" ").filter((x) => x && x !== id);
	if (message) {
		node.textContent = message;
		node.hidden = false;
		input.setAttribute("aria-invalid", "true");
		input.setAttribute("aria-describedby", [...described, id].join(" "));
	} else {
		node.textContent = "";
		node.hidden = true;
		input.removeAttribute("aria-invalid");
		if (described.length) input.setAttribute("aria-describedby", described.join(" "));
		else input.removeAttribute("aria-describedby");
	}
}

export const PHONE = /^\+?[0-9]{6,15}$/;
/** Close to what the API accepts (zod's email): something@domain.tld, no spaces. */
export const EMAIL =
	/^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;
export const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The booking ids and access tokens this browser received, and the last one ordered. */
const TOKENS_KEY = "oo.bookings";
const LAST_KEY = "oo.last";
export function rememberBooking(bookingId, accessToken) {
	try {
		const all = JSON.parse(localStorage.getItem(TOKENS_KEY) || "{}");
		all[bookingId] = accessToken;
		localStorage.setItem(TOKENS_KEY, JSON.stringify(all));
		localStorage.setItem(LAST_KEY, JSON.stringify({ bookingId, accessToken }));
		sessionStorage.setItem(LAST_KEY, JSON.stringify({ bookingId, accessToken }));
	} catch {}
}
export function rememberedToken(bookingId) {
	try {
		return JSON.parse(localStorage.getItem(TOKENS_KEY) || "{}")[bookingId];
	} catch {
		return undefined;
	}
}
export function lastBooking() {
	try {
		const last = JSON.parse(sessionStorage.getItem(LAST_KEY) || localStorage.getItem(LAST_KEY) || "null");
		return last && typeof last.bookingId === "string" && typeof last.accessToken === "string" ? last : null;
	} catch {
		return null;
	}
}

/** Where a guest tracks a booking: the token rides in the fragment, which no server sees. */
export const trackingUrl = (bookingId, accessToken) =>
	`/track/${encodeURIComponent(bookingId)}#t=${encodeURIComponent(accessToken)}`;
