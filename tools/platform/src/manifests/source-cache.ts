import { readFileSync } from "node:fs";
import path from "node:path";
import { type ParsedYaml, parseYaml } from "./yaml-documents.ts";

/** Parses each source file once, however many kustomizations include it. */
export class SourceCache {
  readonly #repoRoot: string;
  readonly #files = new Map<string, ParsedYaml>();

  constructor(repoRoot: string) {
    this.#repoRoot = repoRoot;
  }

  get repoRoot(): string {
    return this.#repoRoot;
  }

  /** The parsed file at an absolute path; undefined when it cannot be read. */
  get(file: string): ParsedYaml | undefined {
    const cached = this.#files.get(file);
    if (cached !== undefined) {
      return cached;
    }
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    const parsed = parseYaml(text, this.relative(file));
    this.#files.set(file, parsed);
    return parsed;
  }

  relative(file: string): string {
    return path.relative(this.#repoRoot, file).split(path.sep).join("/");
  }
}
