-- Service fees applied at checkout (see src/domain/fees.ts).
-- A platform fee per order item, by business type (IDR), and a surcharge on card payments
-- as a percent of the discounted subtotal in basis points (150 = 1.5%).
INSERT INTO `services_fees` (`id`, `code`, `name`, `active`) VALUES
	('fee_platform', 'PLATFORM_FEE', 'Platform fee', 1),
	('fee_card_surcharge', 'CARD_SURCHARGE', 'Credit card surcharge', 1);
--> statement-breakpoint
INSERT INTO `services_fee_rules` (`id`, `fee_id`, `business_type`, `payment_method`, `kind`, `value`, `active`) VALUES
	('rule_platform_taxi', 'fee_platform', 'TAXI', NULL, 'FIXED_PER_ITEM', 2000, 1),
	('rule_platform_rent', 'fee_platform', 'RENT', NULL, 'FIXED_PER_ITEM', 10000, 1),
	('rule_platform_delivery', 'fee_platform', 'DELIVERY', NULL, 'FIXED_PER_ITEM', 2500, 1),
	('rule_platform_shuttle', 'fee_platform', 'SHUTTLE', NULL, 'FIXED_PER_ITEM', 3000, 1),
	('rule_card_surcharge', 'fee_card_surcharge', NULL, 'CREDIT_CARD', 'PERCENT_OF_SUBTOTAL', 150, 1);
