import type { Client } from "@libsql/client";
export const MIGRATIONS_DIR: string;
/** Applies the migrations `client` has not had yet; resolves with the file names applied now. */
export function migrateLibsql(
	client: Client,
	options?: { dir?: string; log?: (message: string) => void },
): Promise<string[]>;
export function statements(sql: string): string[];
