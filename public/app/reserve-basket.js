/**
 * The basket: lines kept in sessionStorage (a reload or a trip to the pay page and back keeps
 * them), quantities, the promo code, and the totals from PreviewWebOrder, which prices the
 * basket exactly as the order will charge it. The page never adds prices up itself.
 */
import { $, api, clearMessage, el, money, Problem, setFieldError, showProblem, t } from "./common.js";
import { detailsEl } from "./describe.js";

const KEY = "oo.basket";
export const MAX_QUANTITY = 10;
const PROMO_CODES = new Set(["PROMO_UNKNOWN", "PROMO_EXPIRED", "PROMO_NOT_APPLICABLE"]);

function load() {
	try {
		const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
		if (saved && Array.isArray(saved.lines)) return { lines: saved.lines, promoCode: saved.promoCode || "" };
	} catch {}
	return { lines: [], promoCode: "" };
}

export const basket = load();
let paymentMethod = () => "GOPAY";
let announce = () => {};
let priced = null;
let sequence = 0;
let controller = null;
let timer = 0;

function save() {
	try {
		sessionStorage.setItem(KEY, JSON.stringify(basket));
	} catch {}
}

/** The AddCartItem bodies the API takes, for pricing and for the order. */
export const itemBodies = () =>
	basket.lines.map((line) => ({
		businessType: line.businessType,
		sessionId: line.sessionId,
		fleetId: line.fleetId,
		quantity: line.quantity,
		details: line.details,
	}));

export function setUpBasket(options) {
	paymentMethod = options.paymentMethod;
	announce = options.announce;
	$("promo-form").addEventListener("submit", (event) => {
		event.preventDefault();
		applyPromo($("promo").value.trim());
	});
	$("promo").addEventListener("input", () => setFieldError($("promo"), null));
	$("promo-remove").addEventListener("click", () => {
		basket.promoCode = "";
		$("promo").value = "";
		save();
		clearMessage($("promo-ok"));
		announce(t("promo.removed"));
		renderBasket();
		refreshPricing();
		$("promo").focus();
	});
	$("promo").value = basket.promoCode;
	renderBasket();
	refreshPricing();
}

export function addLine(line) {
	basket.lines.push({ ...line, lineId: crypto.randomUUID() });
	save();
	renderBasket();
	refreshPricing();
}

export function clearBasket() {
	basket.lines = [];
	basket.promoCode = "";
	save();
}

function setQuantity(line, value) {
	const max = line.maxQuantity ?? MAX_QUANTITY;
	const input = $(`qty-${line.lineId}`);
	if (!Number.isInteger(value) || value < 1 || value > max) {
		setFieldError(input, t("v.quantity", { max }));
		return;
	}
	setFieldError(input, null);
	line.quantity = value;
	save();
	$(`line-total-${line.lineId}`).textContent = money(line.unitPrice * line.quantity);
	refreshPricing();
}

function removeLine(line) {
	basket.lines = basket.lines.filter((l) => l !== line);
	save();
	announce(t("basket.removed", { name: line.name }));
	renderBasket();
	refreshPricing();
	$("promo").focus();
}

/** Shows an API field error (items.N.…) at its basket line. */
export function lineError(index, message) {
	const line = basket.lines[index];
	const node = line && $(`line-error-${line.lineId}`);
	if (node) {
		node.textContent = message;
		node.hidden = false;
	}
}

export function renderBasket() {
	const list = $("basket-lines");
	$("basket-empty").hidden = basket.lines.length > 0;
	list.replaceChildren(
		...basket.lines.map((line) => {
			const qtyId = `qty-${line.lineId}`;
			const max = line.maxQuantity ?? MAX_QUANTITY;
			const quantity = el("input", {
				id: qtyId,
				type: "number",
				min: "1",
				max: String(max),
				step: "1",
				inputmode: "numeric",
				value: String(line.quantity),
			});
			quantity.addEventListener("change", () => setQuantity(line, Number(quantity.value)));
			return el(
				"li",
				{ class: "line", dataset: { testid: "basket-line" } },
				el(
					"div",
					{ class: "line-head" },
					el("strong", { text: `${t(`service.${line.businessType}`)} · ${line.name}` }),
					el("span", {
						class: "line-total",
						id: `line-total-${line.lineId}`,
						text: money(line.unitPrice * line.quantity),
					}),
				),
				detailsEl(line.businessType, line.details),
				el(
					"div",
					{ class: "line-controls" },
					el(
						"div",
						{ class: "field qty" },
						el("label", {
							for: qtyId,
							text: line.businessType === "SHUTTLE" ? t("field.seats") : t("field.quantity"),
						}),
						quantity,
					),
					el("span", { class: "hint", text: t("basket.unit", { price: money(line.unitPrice) }) }),
					el(
						"button",
						{ type: "button", class: "link-button", onclick: () => removeLine(line) },
						t("action.remove"),
						el("span", { class: "sr-only", text: `: ${line.name}` }),
					),
				),
				el("p", { class: "error", id: `line-error-${line.lineId}`, hidden: true }),
			);
		}),
	);
	$("promo-form").hidden = basket.lines.length === 0;
	$("totals").hidden = basket.lines.length === 0;
	$("promo-remove").hidden = !basket.promoCode;
	if (basket.lines.length === 0) {
		clearMessage($("promo-error"));
		clearMessage($("pricing-error"));
	}
	renderTotals();
}

function renderTotals() {
	const list = $("totals-list");
	if (!priced) {
		list.replaceChildren();
		return;
	}
	const row = (label, value, cls) => [
		el("dt", { class: cls, text: label }),
		el("dd", { class: cls, text: value }),
	];
	list.replaceChildren(
		...row(t("totals.subtotal"), money(priced.subtotal)),
		...(priced.discount
			? row(`${t("totals.discount")} (${priced.promoCode})`, `− ${money(priced.discount)}`, "discount")
			: []),
		...row(t("totals.fees"), money(priced.fees)),
		...row(t("totals.with", { method: t(`method.${priced.paymentMethod}`) }), money(priced.total), "total"),
	);
	list.dataset.testid = "totals";
}

/** Asks PreviewWebOrder again, soon; the last call wins. */
export function refreshPricing() {
	clearTimeout(timer);
	if (basket.lines.length === 0) {
		priced = null;
		renderTotals();
		return;
	}
	$("totals-note").textContent = t("totals.updating");
	timer = setTimeout(() => price(basket.promoCode).catch(() => {}), 150);
}

/**
 * Prices the basket with `promoCode`; resolves with the pricing, or throws the problem. A promo
 * problem on the saved code drops the code and prices again without it, saying why.
 */
async function price(promoCode) {
	controller?.abort();
	controller = new AbortController();
	const mine = ++sequence;
	const method = paymentMethod();
	const body = { items: itemBodies(), paymentMethod: method, ...(promoCode ? { promoCode } : {}) };
	try {
		const { body: pricing } = await api("POST", "/v1/web/pricing", { body, signal: controller.signal });
		if (mine !== sequence) return pricing;
		priced = { ...pricing, paymentMethod: method, promoCode };
		$("totals-note").textContent = "";
		clearMessage($("pricing-error"));
		renderTotals();
		return pricing;
	} catch (error) {
		if (error?.name === "AbortError" || mine !== sequence) throw error;
		if (
			error instanceof Problem &&
			PROMO_CODES.has(error.code) &&
			promoCode &&
			promoCode === basket.promoCode
		) {
			basket.promoCode = "";
			save();
			clearMessage($("promo-ok"));
			showProblem($("promo-error"), error);
			$("promo-remove").hidden = true;
			return price("");
		}
		if (!(error instanceof Problem && PROMO_CODES.has(error.code))) {
			priced = null;
			renderTotals();
			$("totals-note").textContent = t("totals.unavailable");
			showProblem($("pricing-error"), error);
			// Too many price checks: ask again once the limit allows, so the totals come back by themselves.
			if (error instanceof Problem && error.code === "RATE_LIMITED")
				timer = setTimeout(refreshPricing, (error.retryAfter ?? 10) * 1000);
		}
		throw error;
	}
}

async function applyPromo(code) {
	clearMessage($("promo-error"));
	clearMessage($("promo-ok"));
	if (!code) {
		setFieldError($("promo"), t("v.required"));
		$("promo").focus();
		return;
	}
	clearTimeout(timer);
	$("promo-apply").disabled = true;
	try {
		const pricing = await price(code);
		basket.promoCode = code.toUpperCase();
		priced.promoCode = basket.promoCode;
		save();
		renderTotals();
		$("promo-remove").hidden = false;
		setFieldError($("promo"), null);
		const ok = $("promo-ok");
		ok.textContent = t("promo.applied", { code: basket.promoCode, amount: money(pricing.discount) });
		ok.hidden = false;
	} catch (error) {
		if (error?.name === "AbortError") return;
		if (error instanceof Problem && PROMO_CODES.has(error.code)) {
			setFieldError($("promo"), null);
			showProblem($("promo-error"), error);
			$("promo").setAttribute("aria-invalid", "true");
			// The totals go on without the refused code.
			refreshPricing();
		}
	} finally {
		$("promo-apply").disabled = false;
	}
}
