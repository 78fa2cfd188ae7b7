import { type CelFunc, CelScalar, celList, celMethod, listType } from "@bufbuild/cel";
import { RE2JS } from "@bufbuild/re2";
import { re2ToJavaScript } from "./re2-syntax.ts";

// The Kubernetes regex library (k8s.io/apiserver/pkg/cel/library/regex.go): find and findAll.
// Patterns are checked with RE2 first, so anything RE2 rejects (backreferences, lookaround) is
// an error here as it is in the API server. @bufbuild/re2 exposes no match positions, so the
// match itself is located by the JavaScript engine, on the pattern rewritten into JavaScript
// syntax (re2-syntax.ts); its leftmost-first results agree with RE2's. Whether there is a match
// at all is asked of RE2 too, and a disagreement is an error rather than a guess.

const { INT, STRING } = CelScalar;

interface Compiled {
  re2: RE2JS;
  regexp: RegExp;
}

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  const cached = compiled.get(pattern);
  if (cached) {
    return cached;
  }

  const re2 = RE2JS.compile(pattern);

  // RE2 spells flags inline at the start, (?i) or (?is); JavaScript wants them after the slash.
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = inline?.[1] ?? "";
  const body = re2ToJavaScript(pattern.slice(inline?.[0].length ?? 0));
  let regexp: RegExp;
  try {
    regexp = new RegExp(body, `gu${flags}`);
  } catch {
    throw new Error(`pattern ${pattern} is valid RE2 but cannot be located offline`);
  }
  compiled.set(pattern, { re2, regexp });
  return { re2, regexp };
}

function findAll(text: string, pattern: string, limit: number): string[] {
  if (limit === 0) {
    return [];
  }
  const { re2, regexp } = compile(pattern);
  const found: string[] = [];
  regexp.lastIndex = 0;
  if (re2.test(text) !== regexp.test(text)) {
    throw new Error(`pattern ${pattern} matches differently offline than in RE2`);
  }
  regexp.lastIndex = 0;
  for (const match of text.matchAll(regexp)) {
    found.push(match[0]);
    if (found.length === limit) {
      break;
    }
  }
  return found;
}

export const kubernetesRegexFunctions: CelFunc[] = [
  celMethod("find", STRING, [STRING], STRING, function (this: string, pattern: string) {
    return findAll(this, pattern, 1)[0] ?? "";
  }),
  celMethod("findAll", STRING, [STRING], listType(STRING), function (this: string, p: string) {
    return celList(findAll(this, p, -1));
  }),
  celMethod(
    "findAll",
    STRING,
    [STRING, INT],
    listType(STRING),
    function (this: string, pattern: string, limit: bigint) {
      return celList(findAll(this, pattern, Number(limit)));
    },
  ),
];
