/** Formats one line of the orchestrator's output for a terminal (see log-format.mjs). */
export function logFormatter(options?: { json?: boolean; colour?: boolean }): (line: string) => string;
