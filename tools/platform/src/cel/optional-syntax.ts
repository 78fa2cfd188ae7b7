// Kubernetes enables CEL optional types: `x.?field` and `x[?key]` read a field or entry that may
// be absent, as an optional value (https://github.com/google/cel-spec, "Optional values"). The
// parser here does not know that syntax, so it is rewritten into method calls of the same
// precedence, which kubernetes-optionals.ts implements: `x.?f` becomes `x.__optSelect('f')` and
// `x[?k]` becomes `x.__optIndex(k)`. Optional list and map literal entries (`[?a]`, `{?k: v}`)
// are left as they are, so they still fail to parse and are reported.

export const OPTIONAL_SELECT = "__optSelect";
export const OPTIONAL_INDEX = "__optIndex";

/** The expression with optional selections rewritten, or undefined when it has none. */
export function rewriteOptionalSyntax(text: string): string | undefined {
  const rewritten = rewrite(text);
  return rewritten === text ? undefined : rewritten;
}

function rewrite(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? "";

    const literal = stringLiteralLength(text, i);
    if (literal > 0) {
      out += text.slice(i, i + literal);
      i += literal;
      continue;
    }

    const select = /^\.\?\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    if (select) {
      out += `.${OPTIONAL_SELECT}('${select[1]}')`;
      i += select[0].length;
      continue;
    }

    const index = /^\[\s*\?/.exec(text.slice(i));
    if (index && /[\w)\]}'"]\s*$/.test(out)) {
      const close = matchingBracket(text, i);
      if (close > 0) {
        const inner = text.slice(i + index[0].length, close);
        out += `.${OPTIONAL_INDEX}(${rewrite(inner)})`;
        i = close + 1;
        continue;
      }
    }

    out += char;
    i += 1;
  }
  return out;
}

/** The length of the string or bytes literal starting at text[start], or 0 if none does. */
function stringLiteralLength(text: string, start: number): number {
  const prefix = /^[rRbB]{0,2}(?='|")/.exec(text.slice(start));
  if (!prefix || (start > 0 && /[\w]/.test(text[start - 1] ?? ""))) {
    return 0;
  }
  const raw = /[rR]/.test(prefix[0]);
  let i = start + prefix[0].length;
  const quote = text.startsWith(text.slice(i, i + 1).repeat(3), i)
    ? text.slice(i, i + 3)
    : text.slice(i, i + 1);
  i += quote.length;
  while (i < text.length) {
    if (!raw && text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text.startsWith(quote, i)) {
      return i + quote.length - start;
    }
    i += 1;
  }
  return text.length - start;
}

/** The index of the ] closing the [ at text[open], skipping strings and nested brackets. */
function matchingBracket(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const literal = stringLiteralLength(text, i);
    if (literal > 0) {
      i += literal;
      continue;
    }
    const char = text[i];
    if (char === "[" || char === "(" || char === "{") {
      depth += 1;
    } else if (char === "]" || char === ")" || char === "}") {
      depth -= 1;
      if (depth === 0) {
        return char === "]" ? i : -1;
      }
    }
    i += 1;
  }
  return -1;
}
