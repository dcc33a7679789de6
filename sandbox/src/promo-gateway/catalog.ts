import type { BusinessType } from "../session-manager/schemas";

export type Promo = {
	code: string;
	description: string;
	kind: "PERCENT" | "FLAT";
	/** Percent as an integer (10 = 10%) or a flat amount in IDR. */
	value: number;
	maxDiscount?: number;
	minSpend?: number;
	/** When set, only items of these business types count towards the discount. */
	businessTypes?: BusinessType[];
	expiresAt: string;
};

const FAR_FUTURE = "2099-12-31T16:59:59.000Z";

const promos: Promo[] = [
	{
		code: "HEMAT10",
		description: "10% off, at most Rp50.000",
		kind: "PERCENT",
		value: 10,
		maxDiscount: 50_000,
		expiresAt: FAR_FUTURE,
	},
	{
		code: "FLAT25K",
		description: "Rp25.000 off orders of Rp100.000 or more",
		kind: "FLAT",
		value: 25_000,
		minSpend: 100_000,
		expiresAt: FAR_FUTURE,
	},
	{
		code: "TAXIONLY",
		description: "15% off taxi rides",
		kind: "PERCENT",
		value: 15,
		businessTypes: ["TAXI"],
		expiresAt: FAR_FUTURE,
	},
	{
		code: "EXPIRED10",
		description: "10% off (campaign ended)",
		kind: "PERCENT",
		value: 10,
		expiresAt: "2024-01-01T00:00:00.000Z",
	},
];

/** Codes are matched case-insensitively and always reported upper-case. */
export function normaliseCode(code: string): string {
	return code.trim().toUpperCase();
}

export function findPromo(code: string): Promo | undefined {
	const wanted = normaliseCode(code);
	return promos.find((promo) => promo.code === wanted);
}
