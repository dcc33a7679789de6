export const BUSINESS_TYPES = ["TAXI", "RENT", "DELIVERY", "SHUTTLE"] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** Money is integer IDR everywhere; this guards the boundary where numbers come from outside. */
export function isIdr(value: number): boolean {
	return Number.isSafeInteger(value) && value >= 0;
}

export interface FareComponent {
	code: string;
	amount: number;
}
