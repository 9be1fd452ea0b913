/**
 * Reads README.md the way test/reliability/readme-examples.test.ts checks it: its fenced code blocks, the curl
 * examples with the answers documented after them, and the npm scripts and environment variables it names.
 */

export type CodeBlock = { lang: string; text: string; /** 1-based line of the opening fence. */ line: number };

/** One curl example: the command exactly as written, and the answer the README documents right after it. */
export type CurlExample = {
  line: number;
  command: string;
  status: number;
  /** A header the "Answer:" paragraph names as "with `Name: value`", e.g. `Location: /api/v1/messages/<id>`. */
  header: { name: string; value: string } | null;
  answer: unknown;
};

/** Fenced blocks (```lang … ```), in order. */
export function readCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`README line ${i + 1}: a code block is never closed.`);
    blocks.push({ lang: open[1], text: lines.slice(i + 1, end).join("\n"), line: i + 1 });
    i = end;
  }
  return blocks;
}

const SHELL = new Set(["sh", "bash"]);
/** The line that must follow a curl example: "Answer: `202 Accepted` …". */
const ANSWER_LINE = /^Answer: `(\d{3})\b[^`]*`/;

export function isCurlBlock(block: CodeBlock): boolean {
  return SHELL.has(block.lang) && /(^|\s)curl\s/m.test(block.text);
}

/**
 * Every ```sh/```bash block that runs curl is an example. The README's convention, which this enforces: one curl
 * command per block; the next paragraph starts with "Answer: `<status> <reason>`"; the next code block is a ```json
 * block holding the answer's body. Any departure is reported in `problems` rather than skipped.
 */
export function readCurlExamples(markdown: string): { examples: CurlExample[]; problems: string[] } {
  const lines = markdown.split("\n");
  const blocks = readCodeBlocks(markdown);
  const examples: CurlExample[] = [];
  const problems: string[] = [];
  blocks.forEach((block, index) => {
    if (!isCurlBlock(block)) return;
    const where = `README line ${block.line}`;
    const curls = block.text.match(/(^|\s)curl\s/gm)?.length ?? 0;
    if (curls !== 1) problems.push(`${where}: ${curls} curl commands in one block; give each its own block and answer.`);
    const closing = block.line + block.text.split("\n").length + 1;
    const afterIndex = lines.findIndex((line, i) => i >= closing && line.trim() !== "");
    const after = afterIndex === -1 ? "" : lines[afterIndex];
    const paragraphEnd = lines.findIndex((line, i) => i > afterIndex && line.trim() === "");
    const paragraph = afterIndex === -1 ? "" : lines.slice(afterIndex, paragraphEnd === -1 ? lines.length : paragraphEnd).join(" ");
    const status = ANSWER_LINE.exec(after);
    const header = /with `([A-Za-z-]+): ([^`]+)`/.exec(paragraph);
    const answerBlock = blocks[index + 1];
    if (!status) {
      problems.push(`${where}: the example must be followed by a line "Answer: \`<status> <reason>\`", found "${after}".`);
      return;
    }
    if (!answerBlock || answerBlock.lang !== "json") {
      problems.push(`${where}: the next code block must be the answer as a \`\`\`json block.`);
      return;
    }
    try {
      const answer: unknown = JSON.parse(answerBlock.text);
      examples.push({ line: block.line, command: block.text, status: Number(status[1]), header: header ? { name: header[1], value: header[2] } : null, answer });
    } catch (error) {
      problems.push(`README line ${answerBlock.line}: the documented answer is not JSON: ${(error as Error).message}`);
    }
  });
  return { examples, problems };
}

/** `npm start`, `npm test`, `npm run <name>` wherever the README says them: the package.json script names. */
export function readNpmScriptsNamed(markdown: string): string[] {
  const names = new Set<string>();
  for (const match of markdown.matchAll(/\bnpm (start|test)\b|\bnpm run ([a-z][\w:-]*)/g)) names.add(match[1] ?? match[2]);
  return [...names].sort();
}

/** Names in `backticks` that look like environment variables but are not (socket options and the like). */
const NOT_VARIABLES = new Set(["TCP_NODELAY"]);

/**
 * Environment variables the README tells a reader to set: the first column of the Configuration table, every
 * `NAME` in backticks written in capitals with an underscore, and `NAME=` / `$NAME` in shell blocks.
 * Wildcards (`BENCH_*`) are left out.
 */
export function readEnvironmentVariablesNamed(markdown: string): string[] {
  const names = new Set<string>();
  const configuration = /## Configuration\n([\s\S]*?)\n## /.exec(markdown)?.[1] ?? "";
  for (const row of configuration.split("\n").filter((line) => line.startsWith("| `"))) {
    for (const match of row.split("|")[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(match[1]);
  }
  for (const match of markdown.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])`/g)) names.add(match[1]);
  for (const block of readCodeBlocks(markdown).filter((candidate) => SHELL.has(candidate.lang))) {
    for (const match of block.text.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=|\$\{?([A-Z][A-Z0-9_]*)/g)) names.add(match[1] ?? match[2]);
  }
  return [...names].filter((name) => !NOT_VARIABLES.has(name)).sort();
}

/** Relative links, [text](path), without their #fragment. */
export function readRelativeLinks(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
  return links.filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith("#")).map((link) => link.split("#")[0]);
}
