import { type CelFunc, CelScalar, celList, celMethod, listType } from "@bufbuild/cel";
import { RE2JS } from "@bufbuild/re2";

// The Kubernetes regex library (k8s.io/apiserver/pkg/cel/library/regex.go): find and findAll.
// Patterns are checked with RE2 first, so anything RE2 rejects (backreferences, lookaround) is
// an error here as it is in the API server. @bufbuild/re2 exposes no match positions, so the
// match itself is located by the JavaScript engine, whose leftmost-first results agree with
// RE2 for the patterns both accept.

const { INT, STRING } = CelScalar;

const compiled = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) {
    return cached;
  }

  RE2JS.compile(pattern);

  // RE2 spells flags inline at the start, (?i) or (?is); JavaScript wants them after the slash.
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = inline?.[1] ?? "";
  const body = pattern.slice(inline?.[0].length ?? 0);
  const regexp = new RegExp(body, `gu${flags}`);
  compiled.set(pattern, regexp);
  return regexp;
}

function findAll(text: string, pattern: string, limit: number): string[] {
  if (limit === 0) {
    return [];
  }
  const regexp = compile(pattern);
  const found: string[] = [];
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
