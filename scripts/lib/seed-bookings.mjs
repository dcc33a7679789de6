// Synthetic order history for operators' search: `n` bookings (one payment and one item each)
// written straight into the history tables by three INSERT ... SELECT statements, so thousands
// of rows take milliseconds. Every value cycles with the row number i, so a test can say what
// each filter must find:
//   status         CREATED, ACTIVE, COMPLETED, FAILED, CANCELED         (i % 5)
//   customer       <prefix>_cust<i % 7>
//   payment method the ten methods in order                            (i % 10)
//   business type  TAXI, RENT, DELIVERY, SHUTTLE                        (i % 4)
//   partner ref    <type>_<prefix><i>, payment id pay_<prefix><i>
//   attention      every 97th row (i % 97 = 0)
//   created at     <start> + i minutes
// The ten payment methods and four business types, as the chaos runs use them.
import { METHODS, TYPES } from "./chaos/plan.mjs";

export const SEED_METHODS = METHODS;
export const SEED_STATUSES = ["CREATED", "ACTIVE", "COMPLETED", "FAILED", "CANCELED"];
export const SEED_TYPES = TYPES;

const pick = (values, modulo) =>
	`CASE i % ${modulo} ${values.map((v, k) => `WHEN ${k} THEN '${v}'`).join(" ")} END`;

export function seedBookingsSql({ n, prefix, start = "2030-01-01T00:00:00Z" }) {
	if (!/^[a-z0-9]+$/.test(prefix)) throw new Error("prefix: lowercase letters and digits");
	const rows = `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n - 1})`;
	const at = `strftime('%Y-%m-%dT%H:%M:%fZ', '${start}', printf('+%d minutes', i))`;
	return [
		`${rows} INSERT INTO bookings (id, cart_id, customer_id, channel, status, version, customer_name, customer_email, customer_phone, subtotal, discount, fees, total, currency, saga_status, attention, created_at, updated_at)
		 SELECT printf('bkg_${prefix}%06d', i), printf('cart_${prefix}%06d', i), printf('${prefix}_cust%d', i % 7), 'APP',
		        ${pick(SEED_STATUSES, 5)}, 1, 'Seed', 'seed@example.com', '+620000000000', 100000, 0, 0, 100000 + i, 'IDR',
		        CASE i % 5 WHEN 1 THEN 'SUCCEEDED' WHEN 2 THEN 'SUCCEEDED' WHEN 3 THEN 'FAILED' ELSE NULL END,
		        CASE WHEN i % 97 = 0 THEN 1 ELSE 0 END, ${at}, ${at} FROM seq`,
		`${rows} INSERT INTO payments (booking_id, method, status, amount, currency, processor_payment_id, updated_at)
		 SELECT printf('bkg_${prefix}%06d', i), ${pick(SEED_METHODS, 10)}, 'PAID', 100000 + i, 'IDR', printf('pay_${prefix}%06d', i), ${at} FROM seq`,
		`${rows} INSERT INTO order_items (id, booking_id, cart_item_id, business_type, fleet_id, name, status, quantity, unit_price, amount, partner_ref, position, updated_at)
		 SELECT printf('oi_${prefix}%06d', i), printf('bkg_${prefix}%06d', i), printf('ci_${prefix}%06d', i), ${pick(SEED_TYPES, 4)},
		        'fleet_seed', 'Seed item', 'BOOKED', 1, 100000 + i, 100000 + i,
		        lower(${pick(SEED_TYPES, 4)}) || printf('_${prefix}%06d', i), 0, ${at} FROM seq`,
	];
}
