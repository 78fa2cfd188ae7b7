// Rewrites an RE2 pattern (already accepted by RE2) into a JavaScript `u`-mode pattern that
// matches the same text. RE2 syntax is documented at https://github.com/google/re2/wiki/Syntax;
// the parts JavaScript spells differently or lacks are: POSIX classes ([[:alpha:]]), one-letter
// Unicode classes (\pL), \A and \z, \Q...\E literals, (?P<name>...) groups, \x{...} code points
// the ASCII-only \s and escaped punctuation.

/** RE2's POSIX classes, all ASCII, as JavaScript class ranges. */
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** The complements of the POSIX classes, for [[:^alpha:]], as code point ranges. */
const POSIX_RANGES: Record<string, [number, number][]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

/** RE2's \s is [\t\n\f\r ]; JavaScript's also takes \v and every Unicode space. */
const SPACE = "\\t\\n\\f\\r ";

/** Unicode general categories; any other \p{Name} in RE2 is a script. */
const CATEGORY = /^(?:Any|[CLMNPSZ][a-z]?)$/;

export function re2ToJavaScript(pattern: string): string {
  let out = "";
  let inClass = false;
  let i = 0;

  while (i < pattern.length) {
    const char = pattern[i] ?? "";

    if (char === "\\") {
      const [text, length] = translateEscape(pattern, i, inClass);
      out += text;
      i += length;
      continue;
    }

    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
      if (posix) {
        out += posixClass(posix[2] ?? "", posix[1] === "^");
        i += posix[0].length;
        continue;
      }
      if (char === "]") {
        inClass = false;
      }
      out += escapeInClass(char);
      i += 1;
      continue;
    }

    if (char === "[") {
      inClass = true;
      out += char;
      i += 1;
      // A ] right after [ or [^ is a literal in RE2; JavaScript would close the class.
      const negation = pattern[i] === "^" ? "^" : "";
      out += negation;
      i += negation.length;
      if (pattern[i] === "]") {
        out += "\\]";
        i += 1;
      }
      continue;
    }

    if (pattern.startsWith("(?P<", i)) {
      out += "(?<";
      i += 4;
      continue;
    }

    out += char;
    i += 1;
  }

  return out;
}

/** Translates the escape at pattern[start] ("\\..."); returns the text and the length read. */
function translateEscape(pattern: string, start: number, inClass: boolean): [string, number] {
  const next = pattern[start + 1] ?? "";

  if (next === "Q") {
    const end = pattern.indexOf("\\E", start + 2);
    const literal = pattern.slice(start + 2, end < 0 ? pattern.length : end);
    const escaped = [...literal].map((c) => (/[\w\s]/.test(c) ? c : `\\${c}`)).join("");
    return [escaped, literal.length + 2 + (end < 0 ? 0 : 2)];
  }
  if (!inClass && next === "A") {
    return ["(?<![\\s\\S])", 2];
  }
  if (!inClass && next === "z") {
    return ["(?![\\s\\S])", 2];
  }
  if (next === "s") {
    return [inClass ? SPACE : `[${SPACE}]`, 2];
  }
  if (next === "S" && !inClass) {
    return [`[^${SPACE}]`, 2];
  }
  if (next === "p" || next === "P") {
    const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(pattern.slice(start + 2));
    const name = braced ? (braced[2] ?? "") : (pattern[start + 2] ?? "");
    const negated = braced?.[1] === "^" ? next === "p" : next === "P";
    const property = CATEGORY.test(name) ? name : `Script=${name}`;
    return [`\\${negated ? "P" : "p"}{${property}}`, 2 + (braced ? braced[0].length : 1)];
  }
  if (next === "x" && pattern[start + 2] === "{") {
    const end = pattern.indexOf("}", start);
    return [`\\u{${pattern.slice(start + 3, end)}}`, end - start + 1];
  }
  // RE2 lets any punctuation be escaped; JavaScript's u mode only its own syntax characters.
  if (/[!-/:-@[-`{-~]/.test(next) && !JS_SYNTAX.test(next) && !(inClass && next === "-")) {
    return [next, 2];
  }
  return [`\\${next}`, 2];
}

/** The characters JavaScript's u mode accepts after a backslash as themselves. */
const JS_SYNTAX = /[$()*+./?[\\\]^{|}]/;

function posixClass(name: string, negated: boolean): string {
  if (!negated) {
    return POSIX[name] ?? "";
  }
  const ranges = POSIX_RANGES[name] ?? [];
  let from = 0;
  let out = "";
  for (const [low, high] of ranges) {
    if (low > from) {
      out += `${codePoint(from)}-${codePoint(low - 1)}`;
    }
    from = high + 1;
  }
  return `${out}${codePoint(from)}-${codePoint(0x10ffff)}`;
}

function codePoint(value: number): string {
  return `\\u{${value.toString(16)}}`;
}

/** Characters RE2 takes literally inside a class but JavaScript's u mode refuses unescaped. */
function escapeInClass(char: string): string {
  return char === "[" ? "\\[" : char;
}
