import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The API reference's signing snippets, taken from its Markdown (the document's
 * `info.description`) as a reader copies them, and run as they are: the Node one as a module
 * file, the shell one through `sh -c`.
 */
export type SnippetLanguage = "js" | "sh";

export function snippet(markdown: string, language: SnippetLanguage): string {
	const section = markdown.slice(markdown.indexOf("## Callbacks and signatures"));
	const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``).exec(section);
	if (!match?.[1]) throw new Error(`no \`\`\`${language} snippet in the Callbacks and signatures section`);
	return match[1];
}

/** Runs one snippet with only PATH and `env` in its environment; answers what it printed. */
export function runSnippet(markdown: string, language: SnippetLanguage, env: Record<string, string>): string {
	const code = snippet(markdown, language);
	// Only what the reader sets: the snippet must not lean on anything else of this process.
	const only = { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv;
	const options = { env: only, encoding: "utf8" as const, timeout: 15_000 };
	if (language === "sh") return execFileSync("sh", ["-c", code], options);
	const dir = mkdtempSync(path.join(tmpdir(), "docs-snippet-"));
	try {
		const file = path.join(dir, "sign.mjs");
		writeFileSync(file, code);
		return execFileSync(process.execPath, [file], options);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
