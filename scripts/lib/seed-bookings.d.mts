export const SEED_METHODS: string[];
export const SEED_STATUSES: string[];
export const SEED_TYPES: string[];
/** Three INSERT ... SELECT statements writing `n` synthetic bookings (see seed-bookings.mjs). */
export function seedBookingsSql(options: { n: number; prefix: string; start?: string }): string[];
