import { isCelError } from "@bufbuild/cel";
import { describe, expect, it } from "vitest";
import { compileExpression } from "./environment.ts";

// Expressions and results from the upstream test suites: cel-go's strings extension tests
// (ext/strings_test.go, the version Kubernetes enables: 2, so strings have no reverse()) and the
// Kubernetes CEL library tests (k8s.io/apiserver/pkg/cel/library: quantity, lists,
// regex). The rows are restated here as facts.

const ERROR = "evaluation error";
const MISSING = "not provided";
type Expected = boolean | typeof ERROR | typeof MISSING;

function outcome(expression: string): Expected | string {
  const compiled = compileExpression(expression, []);
  if (!compiled.ok) {
    return compiled.missing.length > 0 ? MISSING : compiled.message;
  }
  const result = compiled.evaluate({});
  if (isCelError(result)) {
    return ERROR;
  }
  return typeof result === "boolean" ? result : `not a bool: ${String(result)}`;
}

const strings: [string, Expected][] = [
  ["'tacocat'.charAt(3) == 'o'", true],
  ["'tacocat'.charAt(7) == ''", true],
  ["'©αT'.charAt(0) == '©' && '©αT'.charAt(1) == 'α' && '©αT'.charAt(2) == 'T'", true],
  ["'tacocat'.indexOf('') == 0", true],
  ["'tacocat'.indexOf('ac') == 1", true],
  ["'tacocat'.indexOf('none') == -1", true],
  ["'tacocat'.indexOf('', 3) == 3", true],
  ["'tacocat'.indexOf('a', 3) == 5", true],
  ["'tacocat'.indexOf('at', 3) == 5", true],
  ["'ta©o©αT'.indexOf('©') == 2", true],
  ["'ta©o©αT'.indexOf('©', 3) == 4", true],
  ["'ta©o©αT'.indexOf('©αT', 3) == 4", true],
  ["'ta©o©αT'.indexOf('©α', 5) == -1", true],
  ["'ijk'.indexOf('k') == 2", true],
  ["'hello wello'.indexOf('hello wello') == 0", true],
  ["'hello wello'.indexOf('ello', 6) == 7", true],
  ["'hello wello'.indexOf('elbo room!!') == -1", true],
  ["'tacocat'.lastIndexOf('') == 7", true],
  ["'tacocat'.lastIndexOf('at') == 5", true],
  ["'tacocat'.lastIndexOf('none') == -1", true],
  ["'tacocat'.lastIndexOf('', 3) == 3", true],
  ["'tacocat'.lastIndexOf('a', 3) == 1", true],
  ["'ta©o©αT'.lastIndexOf('©') == 4", true],
  ["'ta©o©αT'.lastIndexOf('©', 3) == 2", true],
  ["'ta©o©αT'.lastIndexOf('©α', 4) == 4", true],
  ["'hello wello'.lastIndexOf('ello', 6) == 1", true],
  ["'hello wello'.lastIndexOf('low') == -1", true],
  ["'hello wello'.lastIndexOf('hello wello') == 0", true],
  ["'bananananana'.lastIndexOf('nana', 8) == 8", true],
  ['"12 days 12 hours".replace("{0}", "2") == "12 days 12 hours"', true],
  ['"{0} days {0} hours".replace("{0}", "2") == "2 days 2 hours"', true],
  ['"{0} days {0} hours".replace("{0}", "2", 1).replace("{0}", "23") == "2 days 23 hours"', true],
  ['"1 ©αT taco".replace("αT", "o©α") == "1 ©o©α taco"', true],
  ['"hello world".split(" ") == ["hello", "world"]', true],
  ['"hello world events!".split(" ", 0) == []', true],
  ['"hello world events!".split(" ", 1) == ["hello world events!"]', true],
  ['"o©o©o©o".split("©", -1) == ["o", "o", "o", "o"]', true],
  ['"tacocat".substring(4) == "cat"', true],
  ['"tacocat".substring(7) == ""', true],
  ['"tacocat".substring(0, 4) == "taco"', true],
  ['"tacocat".substring(4, 4) == ""', true],
  ["'ta©o©αT'.substring(2, 6) == \"©o©α\"", true],
  ["'ta©o©αT'.substring(7, 7) == \"\"", true],
  ['" \\f\\n\\r\\t\\vtext  ".trim() == "text"', true],
  ['"\\u0085\\u00a0\\u1680text".trim() == "text"', true],
  [
    '"text\\u2000\\u2001\\u2002\\u2003\\u2004\\u2004\\u2006\\u2007\\u2008\\u2009".trim() == "text"',
    true,
  ],
  ['"\\u200atext\\u2028\\u2029\\u202F\\u205F\\u3000".trim() == "text"', true],
  [
    '"\\u180etext\\u200b\\u200c\\u200d\\u2060\\ufeff".trim() == ' +
      '"\\u180etext\\u200b\\u200c\\u200d\\u2060\\ufeff"',
    true,
  ],
  ["'tacocat'.charAt(30) == ''", ERROR],
  ["'tacocat'.indexOf('a', 30) == -1", ERROR],
  ["'tacocat'.lastIndexOf('a', -1) == -1", ERROR],
  ["'tacocat'.lastIndexOf('a', 30) == -1", ERROR],
  ['"tacocat".substring(40) == "cat"', ERROR],
  ['"tacocat".substring(-1) == "cat"', ERROR],
  ['"tacocat".substring(1, 50) == "cat"', ERROR],
  ['"tacocat".substring(4, 3) == ""', ERROR],
  ['"TacoCat".lowerAscii() == "tacocat"', true],
  ['"TacoCÆt Xii".lowerAscii() == "tacocÆt xii"', true],
  ['"tacoCat".upperAscii() == "TACOCAT"', true],
  ['"tacoCαt".upperAscii() == "TACOCαT"', true],
  ["['x', 'y'].join() == 'xy'", true],
  ["['x', 'y'].join('-') == 'x-y'", true],
  ["[].join() == ''", true],
  ["[].join('-') == ''", true],
  ['"gums".reverse() == "smug"', ERROR],
  ['"John Smith".reverse() == "htimS nhoJ"', ERROR],
  ['"☺".reverse() == "☺"', ERROR],
  ['strings.quote("first\\nsecond") == "\\"first\\\\nsecond\\""', true],
  ['strings.quote("bell\\a") == "\\"bell\\\\a\\""', true],
  ['strings.quote("") == "\\"\\""', true],
  ['strings.quote("ends with \\\\") == "\\"ends with \\\\\\\\\\""', true],
  ['"%s %s".format(["hello", "world"]) == "hello world"', true],
  ['"%d".format([42]) == "42"', true],
  ['"%.3f".format([1.2345]) == "1.234"', true],
  ['"%x".format([30]) == "1e"', true],
  ['"%X".format([30]) == "1E"', true],
  ['"%o".format([11]) == "13"', true],
  ['"%b".format([5]) == "101"', true],
  ['"%s".format([[1, 2]]) == "[1, 2]"', true],
  ['"%s".format([true]) == "true"', true],
  ['"%s".format([null]) == "null"', true],
  ['"%%".format([]) == "%"', true],
  ['"%e".format([2.71828]) == "2.718280e+00"', true],
  ['"%s".format([1.0]) == "1"', true],
  ['"%d".format(["a"])', ERROR],
  ['"abc".matches("^a")', true],
  ['"abc".startsWith("ab") && "abc".endsWith("bc") && "abc".contains("b")', true],
  ['size("©αT") == 3', true],
  ['"abc" < "abd"', true],
];

const quantities: [string, Expected][] = [
  ['quantity("12Mi") == quantity("12Mi")', true],
  ['quantity("10Mo")', ERROR],
  ['quantity("10Mm")', ERROR],
  ['isQuantity("20")', true],
  ['isQuantity("20M")', true],
  ['isQuantity("20Mi")', true],
  ['isQuantity("20Mo")', false],
  ['isQuantity("10Mm")', false],
  ['quantity("200M") == quantity("0.2G") && quantity("0.2G") == quantity("200M")', true],
  [
    'quantity("2M") == quantity("0.002G") && quantity("2000k") == quantity("2M") && ' +
      'quantity("0.002G") == quantity("2000k")',
    true,
  ],
  ['quantity("200M") == quantity("0.3G")', false],
  ['quantity("50M").isLessThan(quantity("50Mi"))', true],
  ['quantity("50M").isLessThan(quantity("100M"))', true],
  ['quantity("100M").isLessThan(quantity("50M"))', false],
  ['quantity("50Mi").isGreaterThan(quantity("50M"))', true],
  ['quantity("150Mi").isGreaterThan(quantity("100Mi"))', true],
  ['quantity("50M").isGreaterThan(quantity("100M"))', false],
  ['quantity("200M").compareTo(quantity("0.2G")) == 0', true],
  ['quantity("50M").compareTo(quantity("50Mi")) == -1', true],
  ['quantity("50Mi").compareTo(quantity("50M")) == 1', true],
  ['quantity("50k").add(quantity("20")) == quantity("50.02k")', true],
  ['quantity("50k").add(20).isLessThan(quantity("50020"))', false],
  ['quantity("50k").sub(quantity("20")) == quantity("49.98k")', true],
  ['quantity("50k").sub(20) == quantity("49980")', true],
  ['quantity("50k").mul(2) == quantity("100000")', MISSING],
  ['quantity("10000").div(3).asApproximateFloat() > 3333.333', MISSING],
  ['quantity("10k").div(2) == quantity("5000")', MISSING],
  ['quantity("10000").divInt(3) == quantity("3333")', MISSING],
  ['quantity("50k").add(20).sub(quantity("100k")).asInteger() == -49980', true],
  ['quantity("50k").add(20).sub(quantity("100k")).sub(-50000).asInteger() == 20', true],
  ['quantity("50k").asInteger() == 50000', true],
  ['quantity("9999999999999999999999999999999999999G").asInteger()', ERROR],
  ['quantity("9999999999999999999999999999999999999G").isInteger()', false],
  ['quantity("50").isInteger()', true],
  ['quantity("50.703k").asApproximateFloat() == 50703.0', true],
  ['quantity("1.5").isInteger()', false],
  ['quantity("100m").asApproximateFloat() == 0.1', true],
  ['quantity("1Ki").asInteger() == 1024', true],
  ['quantity("1e3").asInteger() == 1000', true],
  ['quantity("1E3").asInteger() == 1000', true],
  ['quantity("-1").asInteger() == -1', true],
  ['quantity("+1").asInteger() == 1', true],
  ['quantity(".5").asApproximateFloat() == 0.5', true],
  ['isQuantity("1.")', true],
  ['isQuantity("")', false],
  ['isQuantity("1Ki5")', false],
];

const lists: [string, Expected][] = [
  ["[1, 2, 3].isSorted()", true],
  ["[1, 3, 2].isSorted()", false],
  ["['a', 'b', 'b', 'c'].isSorted()", true],
  ["[].isSorted()", true],
  ["[1, 2, 3].sum() == 6", true],
  ["[1.0, 2.5].sum() == 3.5", true],
  ["[].sum() == 0", true],
  ["[1u, 2u].sum() == 3u", true],
  ["[1, 2, 3].min() == 1", true],
  ["[1, 2, 3].max() == 3", true],
  ["['b', 'a'].min() == 'a'", true],
  ["[].min()", ERROR],
  ["[].max()", ERROR],
  ["[1, 2, 2, 3].indexOf(2) == 1", true],
  ["[1, 2, 2, 3].lastIndexOf(2) == 2", true],
  ["['a', 'b'].indexOf('c') == -1", true],
  ["[[1], [2]].indexOf([2]) == 1", true],
  ["[1, 2, 3].indexOf(2.0) == 1", true],
];

const regexes: [string, Expected][] = [
  ['"abc 123".find("[0-9]+") == "123"', true],
  ['"abc".find("[0-9]+") == ""', true],
  ['"abc 123 456".findAll("[0-9]+") == ["123", "456"]', true],
  ['"abc 123 456".findAll("[0-9]+", 1) == ["123"]', true],
  ['"abc 123 456".findAll("[0-9]+", -1) == ["123", "456"]', true],
  ['"abc 123 456".findAll("[0-9]+", 0) == []', true],
  ['"abc".findAll("[0-9]+") == []', true],
  ['"ABC".find("(?i)abc") == "ABC"', true],
  ['"ab\\ncd".find("(?s)b.c") == "b\\nc"', true],
  ['"ab\\ncd".find("(?m)^cd") == "cd"', true],
  ['"aaa".find("a*?") == ""', true],
  ['"x".find("(a")', ERROR],
  ['"x".find("(?=x)")', ERROR],
  ['"a b".find("\\\\s") == " "', true],
  ['"aé".find("\\\\w+") == "a"', true],
  ['"aé".find(".$") == "é"', true],
  ['"a\\u00e9b".findAll(".") == ["a", "é", "b"]', true],
];

describe.each([
  ["strings", strings],
  ["quantities", quantities],
  ["lists", lists],
  ["regexes", regexes],
] as const)("upstream %s", (_name, table) => {
  it.each(table)("%s", (expression, expected) => {
    expect(outcome(expression)).toBe(expected);
  });
});
