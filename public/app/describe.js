/** What an item is, in a line or two of the page's language: where, when, for whom. */
import { el, itemZone, localTime, t } from "./common.js";

/** The lines describing `details` of a `businessType` item (strings, times in the item's zone). */
export function describeDetails(businessType, details = {}) {
	const zone = itemZone(businessType, details);
	const when = (iso) => (iso ? localTime(iso, zone) : "");
	switch (businessType) {
		case "TAXI":
			return [
				`${details.pickup?.address ?? ""} → ${details.dropoff?.address ?? ""}`,
				when(details.pickupAt),
				details.passenger
					? `${t("track.passenger")}: ${details.passenger.name} · ${details.passenger.phone}`
					: "",
			];
		case "RENT":
			return [
				`${details.city ?? ""}, ${details.withDriver ? t("track.withDriver") : t("track.selfDrive")}`,
				`${when(details.startAt)} – ${when(details.endAt)}`,
			];
		case "DELIVERY":
			return [
				`${details.sender?.address ?? ""} → ${details.recipient?.address ?? ""}`,
				`${t("track.package", { kg: details.package?.weightKg ?? "?" })}${details.package?.description ? ` · ${details.package.description}` : ""}`,
			];
		case "SHUTTLE":
			return [when(details.departureAt)];
		default:
			return [];
	}
}

/** The description as a list of <span>s, one a line. */
export function detailsEl(businessType, details) {
	return el(
		"div",
		{ class: "details" },
		describeDetails(businessType, details)
			.filter(Boolean)
			.map((line) => el("span", { text: line })),
	);
}
