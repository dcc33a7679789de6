CREATE TABLE `booking_events` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`type` text NOT NULL,
	`version` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `booking_events_booking_version_idx` ON `booking_events` (`booking_id`,`version`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`cart_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`customer_name` text NOT NULL,
	`customer_email` text NOT NULL,
	`customer_phone` text NOT NULL,
	`subtotal` integer NOT NULL,
	`discount` integer NOT NULL,
	`fees` integer NOT NULL,
	`total` integer NOT NULL,
	`currency` text NOT NULL,
	`cancel_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bookings_customer_created_idx` ON `bookings` (`customer_id`,"created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `bookings_status_created_idx` ON `bookings` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `fare_components` (
	`order_item_id` text NOT NULL,
	`code` text NOT NULL,
	`amount` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`order_item_id`, `position`),
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_delivery_details` (
	`order_item_id` text PRIMARY KEY NOT NULL,
	`sender_name` text NOT NULL,
	`sender_phone` text NOT NULL,
	`sender_lat` real NOT NULL,
	`sender_lng` real NOT NULL,
	`sender_address` text NOT NULL,
	`recipient_name` text NOT NULL,
	`recipient_phone` text NOT NULL,
	`recipient_lat` real NOT NULL,
	`recipient_lng` real NOT NULL,
	`recipient_address` text NOT NULL,
	`weight_kg` real NOT NULL,
	`package_description` text,
	`notes` text,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`cart_item_id` text NOT NULL,
	`business_type` text NOT NULL,
	`fleet_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`partner_ref` text,
	`position` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_items_booking_idx` ON `order_items` (`booking_id`,`position`);--> statement-breakpoint
CREATE TABLE `order_passenger_info` (
	`order_item_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_rent_details` (
	`order_item_id` text PRIMARY KEY NOT NULL,
	`city` text NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`with_driver` integer NOT NULL,
	`notes` text,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_ride_details` (
	`order_item_id` text PRIMARY KEY NOT NULL,
	`pickup_lat` real NOT NULL,
	`pickup_lng` real NOT NULL,
	`pickup_address` text NOT NULL,
	`dropoff_lat` real NOT NULL,
	`dropoff_lng` real NOT NULL,
	`dropoff_address` text NOT NULL,
	`pickup_at` text NOT NULL,
	`passenger_name` text,
	`passenger_phone` text,
	`notes` text,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_service_fees` (
	`booking_id` text NOT NULL,
	`fee_id` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`business_type` text,
	`amount` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `position`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_shuttle_details` (
	`order_item_id` text PRIMARY KEY NOT NULL,
	`route_id` text NOT NULL,
	`departure_at` text NOT NULL,
	`seats` integer NOT NULL,
	`notes` text,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `order_vehicle_info` (
	`order_item_id` text PRIMARY KEY NOT NULL,
	`plate` text NOT NULL,
	`model` text NOT NULL,
	`color` text,
	`driver_name` text NOT NULL,
	`driver_phone` text NOT NULL,
	FOREIGN KEY (`order_item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`booking_id` text PRIMARY KEY NOT NULL,
	`method` text NOT NULL,
	`status` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`processor_payment_id` text,
	`url` text,
	`expires_at` text,
	`paid_at` text,
	`refund_id` text,
	`refund_amount` integer,
	`refund_requested_at` text,
	`refund_succeeded_at` text,
	`failure_reason` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_processor_payment_id_idx` ON `payments` (`processor_payment_id`) WHERE "processor_payment_id" is not null;--> statement-breakpoint
CREATE TABLE `promos` (
	`booking_id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`discount` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `services_fee_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`fee_id` text NOT NULL,
	`business_type` text,
	`payment_method` text,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`fee_id`) REFERENCES `services_fees`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "services_fee_rules_kind_check" CHECK(kind in ('FIXED_PER_ITEM', 'PERCENT_OF_SUBTOTAL')),
	CONSTRAINT "services_fee_rules_value_check" CHECK(value >= 0)
);
--> statement-breakpoint
CREATE INDEX `services_fee_rules_fee_idx` ON `services_fee_rules` (`fee_id`);--> statement-breakpoint
CREATE TABLE `services_fees` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_fees_code_unique` ON `services_fees` (`code`);