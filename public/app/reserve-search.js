/**
 * The search half of the reservation page: one form per service with sensible defaults,
 * checked here in the page's language before anything is sent, turned into a SearchFleets body
 * and, for a chosen offer, into an AddCartItem body whose details equal what was searched (the
 * API refuses a quote reused for another trip).
 */
import { $, el, PHONE, setFieldError, t } from "./common.js";
import { CITIES, cityByName, PLACES, placeById } from "./places.js";
import { wallClock, wallClockToIso, ZONES } from "./zones.js";

export const SERVICES = ["TAXI", "RENT", "DELIVERY", "SHUTTLE"];
const HOUR = 3_600_000;

export const selectedService = () => document.querySelector('input[name="service"]:checked')?.value ?? "TAXI";

/** A wall-clock time `hoursAhead` from now in `zone`, rounded up to the quarter hour. */
function defaultTime(hoursAhead, zone) {
	const quarter = 15 * 60_000;
	return wallClock(Math.ceil((Date.now() + hoursAhead * HOUR) / quarter) * quarter, zone);
}

/** Tomorrow at `hour`:00 in `zone`, plus `days`. */
function dayAt(days, hour, zone) {
	const date = wallClock(Date.now() + days * 24 * HOUR, zone).slice(0, 10);
	return `${date}T${String(hour).padStart(2, "0")}:00`;
}

export function setUpServiceForms() {
	for (const select of document.querySelectorAll("select[data-places]"))
		select.replaceChildren(
			...PLACES.map((p) => el("option", { value: p.id, text: `${p.address} (${p.zone.zone})` })),
		);
	for (const select of document.querySelectorAll("select[data-cities]"))
		select.replaceChildren(
			...CITIES.map((c) => el("option", { value: c.name, text: `${c.name} (${c.zone.zone})` })),
		);
	$("taxi-pickup").value = "monas";
	$("taxi-dropoff").value = "senayan";
	$("delivery-sender").value = "monas";
	$("delivery-recipient").value = "gedung-sate";
	$("rent-city").value = "Jakarta";
	$("shuttle-origin").value = "Jakarta";
	$("shuttle-destination").value = "Bandung";
	$("taxi-pickupAt").value = defaultTime(2, taxiZone());
	$("rent-startAt").value = dayAt(1, 9, rentZone());
	$("rent-endAt").value = dayAt(3, 9, rentZone());
	$("shuttle-date").value = wallClock(Date.now() + 24 * HOUR, ZONES.WIB).slice(0, 10);
	for (const input of document.querySelectorAll('input[name="service"]'))
		input.addEventListener("change", showService);
	$("taxi-pickup").addEventListener("change", refreshZoneHints);
	$("rent-city").addEventListener("change", refreshZoneHints);
	// A corrected field loses its error as soon as it changes.
	for (const input of $("search-form").querySelectorAll("input, select"))
		input.addEventListener("input", () => setFieldError(input, null));
	showService();
	refreshZoneHints();
}

const taxiZone = () => placeById($("taxi-pickup").value)?.zone ?? ZONES.WIB;
const rentZone = () => cityByName($("rent-city").value)?.zone ?? ZONES.WIB;

export function refreshZoneHints() {
	$("taxi-pickupAt-zone").textContent = t("hint.zone", { zone: taxiZone().zone });
	$("rent-zone").textContent = t("hint.zone", { zone: rentZone().zone });
	const nowTaxi = wallClock(Date.now(), taxiZone());
	$("taxi-pickupAt").min = nowTaxi;
	$("rent-startAt").min = wallClock(Date.now(), rentZone());
	$("shuttle-date").min = wallClock(Date.now(), ZONES.WIB).slice(0, 10);
}

function showService() {
	const service = selectedService();
	for (const group of document.querySelectorAll(".service-fields")) {
		const active = group.dataset.service === service;
		group.hidden = !active;
		// Hidden groups' controls leave the tab order and the form's checks.
		for (const control of group.querySelectorAll("input, select")) control.disabled = !active;
	}
}

/** The contact typed so far, to default a passenger or a sender. */
function contactSoFar() {
	return { name: $("contact-name").value.trim(), phone: $("contact-phone").value.trim() };
}

function fillFromContact(nameId, phoneId) {
	const contact = contactSoFar();
	if (!$(nameId).value.trim() && contact.name) $(nameId).value = contact.name;
	if (!$(phoneId).value.trim() && PHONE.test(contact.phone)) $(phoneId).value = contact.phone;
}

/** Checks one service's form; returns the problems as [input, message] pairs. */
function check(service) {
	const errors = [];
	const need = (id, test, message) => {
		if (!test($(id).value.trim())) errors.push([$(id), message]);
	};
	const filled = (v) => v.length > 0;
	const phone = (id) => {
		if (!$(id).value.trim()) errors.push([$(id), t("v.required")]);
		else need(id, (v) => PHONE.test(v), t("v.phone"));
	};
	const future = (id, zone) => {
		const value = $(id).value;
		if (!value) return errors.push([$(id), t("v.required")]);
		// A few minutes' grace, as the Session Manager allows for a slow form.
		if (Date.parse(wallClockToIso(value, zone)) < Date.now() - 4 * 60_000)
			errors.push([$(id), t("v.future")]);
	};
	if (service === "TAXI") {
		fillFromContact("taxi-passengerName", "taxi-passengerPhone");
		if ($("taxi-pickup").value === $("taxi-dropoff").value)
			errors.push([$("taxi-dropoff"), t("v.samePlace")]);
		future("taxi-pickupAt", taxiZone());
		need("taxi-passengerName", filled, t("v.required"));
		phone("taxi-passengerPhone");
	} else if (service === "RENT") {
		future("rent-startAt", rentZone());
		const [start, end] = [$("rent-startAt").value, $("rent-endAt").value];
		if (!end) errors.push([$("rent-endAt"), t("v.required")]);
		else if (start && Date.parse(end) <= Date.parse(start)) errors.push([$("rent-endAt"), t("v.after")]);
	} else if (service === "DELIVERY") {
		fillFromContact("delivery-senderName", "delivery-senderPhone");
		if ($("delivery-sender").value === $("delivery-recipient").value)
			errors.push([$("delivery-recipient"), t("v.samePlace")]);
		need("delivery-senderName", filled, t("v.required"));
		phone("delivery-senderPhone");
		need("delivery-recipientName", filled, t("v.required"));
		phone("delivery-recipientPhone");
		const weight = Number($("delivery-weight").value);
		if (!$("delivery-weight").value || !(weight > 0 && weight <= 1000))
			errors.push([$("delivery-weight"), t("v.weight")]);
	} else {
		if ($("shuttle-origin").value === $("shuttle-destination").value)
			errors.push([$("shuttle-destination"), t("v.differ")]);
		const date = $("shuttle-date").value;
		if (!date) errors.push([$("shuttle-date"), t("v.required")]);
		else if (date < wallClock(Date.now(), ZONES.WIB).slice(0, 10))
			errors.push([$("shuttle-date"), t("v.dateFuture")]);
	}
	return errors;
}

const place = (id) => {
	const p = placeById($(id).value);
	return { lat: p.lat, lng: p.lng, address: p.address };
};
const notes = (id) => ($(id).value.trim() ? { notes: $(id).value.trim() } : {});

/**
 * The service form as a search: { ok, search: SearchFleets body, item(fleet): item details }
 * or { ok: false, errors } with every problem already shown next to its field.
 */
export function readSearch() {
	const service = selectedService();
	for (const input of document.querySelectorAll(
		`[data-service="${service}"] input, [data-service="${service}"] select`,
	))
		setFieldError(input, null);
	const errors = check(service);
	for (const [input, message] of errors) setFieldError(input, message);
	if (errors.length) return { ok: false, errors };
	if (service === "TAXI") {
		const details = {
			pickup: place("taxi-pickup"),
			dropoff: place("taxi-dropoff"),
			pickupAt: wallClockToIso($("taxi-pickupAt").value, taxiZone()),
		};
		const passenger = {
			name: $("taxi-passengerName").value.trim(),
			phone: $("taxi-passengerPhone").value.trim(),
		};
		return {
			ok: true,
			search: { businessType: service, details },
			item: () => ({ ...details, passenger, ...notes("taxi-notes") }),
		};
	}
	if (service === "RENT") {
		const zone = rentZone();
		const details = {
			city: $("rent-city").value,
			startAt: wallClockToIso($("rent-startAt").value, zone),
			endAt: wallClockToIso($("rent-endAt").value, zone),
			withDriver: $("rent-withDriver").checked,
		};
		return {
			ok: true,
			search: { businessType: service, details },
			item: () => ({ ...details, ...notes("rent-notes") }),
		};
	}
	if (service === "DELIVERY") {
		const party = (placeId, prefix) => ({
			...place(placeId),
			name: $(`${prefix}Name`).value.trim(),
			phone: $(`${prefix}Phone`).value.trim(),
		});
		const details = {
			sender: party("delivery-sender", "delivery-sender"),
			recipient: party("delivery-recipient", "delivery-recipient"),
			package: {
				weightKg: Number($("delivery-weight").value),
				...($("delivery-description").value.trim()
					? { description: $("delivery-description").value.trim() }
					: {}),
			},
		};
		return {
			ok: true,
			search: { businessType: service, details },
			item: () => ({ ...details, ...notes("delivery-notes") }),
		};
	}
	const details = {
		origin: $("shuttle-origin").value,
		destination: $("shuttle-destination").value,
		date: $("shuttle-date").value,
	};
	return {
		ok: true,
		search: { businessType: service, details },
		item: (fleet) => ({
			routeId: String(fleet.attributes?.routeId ?? ""),
			departureAt: String(fleet.attributes?.departureAt ?? ""),
			...notes("shuttle-notes"),
		}),
	};
}

/** Where an API field error of a search (details.x.y) belongs in the current form. */
export function searchFieldFor(service, path) {
	const key = path.replace(/^details\./, "");
	const map = {
		TAXI: { pickup: "taxi-pickup", dropoff: "taxi-dropoff", pickupAt: "taxi-pickupAt" },
		RENT: { city: "rent-city", startAt: "rent-startAt", endAt: "rent-endAt" },
		DELIVERY: {
			sender: "delivery-sender",
			recipient: "delivery-recipient",
			"package.weightKg": "delivery-weight",
			"sender.name": "delivery-senderName",
			"sender.phone": "delivery-senderPhone",
			"recipient.name": "delivery-recipientName",
			"recipient.phone": "delivery-recipientPhone",
		},
		SHUTTLE: { origin: "shuttle-origin", destination: "shuttle-destination", date: "shuttle-date" },
	}[service];
	const match = Object.keys(map)
		.filter((field) => key === field || key.startsWith(`${field}.`))
		.sort((a, b) => b.length - a.length)[0];
	return match ? $(map[match]) : null;
}
