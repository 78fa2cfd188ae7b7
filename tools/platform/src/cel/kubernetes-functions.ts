// Every function name the Kubernetes CEL environment declares, whether or not it runs offline:
// the Kubernetes libraries (k8s.io/apiserver/pkg/cel/library, listed by release in its
// library_compatibility_test.go) and the cel-go extensions Kubernetes enables (strings version
// 2, sets, optional types, two-variable comprehensions, lists). A call to a name outside this
// list and the CEL standard library does not compile in the API server.

const KUBERNETES_LIBRARIES = [
  // lists, regex, urls
  ...["isSorted", "sum", "max", "min", "indexOf", "lastIndexOf", "find", "findAll"],
  ...["url", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery"],
  "isURL",
  // authorizer
  ...["path", "group", "serviceAccount", "resource", "subresource", "namespace", "name"],
  ...["check", "allowed", "reason", "errored", "error", "fieldSelector", "labelSelector"],
  // quantity
  ...["add", "asApproximateFloat", "asInteger", "compareTo", "isGreaterThan", "isInteger"],
  ...["isLessThan", "isQuantity", "quantity", "sign", "sub", "mul", "div", "divInt"],
  // ip and cidr
  ...["ip", "family", "isUnspecified", "isLoopback", "isLinkLocalMulticast"],
  ...["isLinkLocalUnicast", "isGlobalUnicast", "ip.isCanonical", "isIP", "cidr", "containsIP"],
  ...["containsCIDR", "masked", "prefixLength", "isCIDR", "string"],
  // format, semver, jsonpatch
  ...["validate", "format.named", "isSemver", "major", "minor", "patch", "semver"],
  "jsonpatch.escapeKey",
];

const CEL_EXTENSIONS = [
  // strings
  ...["charAt", "indexOf", "lastIndexOf", "lowerAscii", "upperAscii", "replace", "split"],
  ...["substring", "trim", "join", "format", "strings.quote"],
  // sets
  ...["sets.contains", "sets.equivalent", "sets.intersects"],
  // optional types
  ...["optional.of", "optional.ofNonZeroValue", "optional.none", "hasValue", "value", "or"],
  ...["orValue", "optMap", "optFlatMap"],
  // two-variable comprehensions and lists
  ...["transformList", "transformMap", "transformMapEntry"],
  ...["slice", "flatten", "distinct", "reverse", "sort", "sortBy", "first", "last"],
  "lists.range",
];

export const KUBERNETES_FUNCTIONS: ReadonlySet<string> = new Set([
  ...KUBERNETES_LIBRARIES,
  ...CEL_EXTENSIONS,
]);

/**
 * Methods of a Kubernetes library type, by the function or variable that makes its values: when
 * that one is missing, so are its methods, and naming it alone says all.
 */
export const LIBRARY_METHODS: ReadonlyMap<string, readonly string[]> = new Map([
  ["url", ["getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery"]],
  [
    "authorizer",
    [
      ...["path", "group", "serviceAccount", "resource", "subresource", "namespace", "name"],
      ...["check", "allowed", "reason", "errored", "error", "fieldSelector", "labelSelector"],
    ],
  ],
  [
    "ip",
    [
      ...["family", "isUnspecified", "isLoopback", "isLinkLocalMulticast", "isLinkLocalUnicast"],
      ...["isGlobalUnicast", "ip.isCanonical"],
    ],
  ],
  ["cidr", ["containsIP", "containsCIDR", "masked", "prefixLength"]],
  ["semver", ["major", "minor", "patch"]],
]);
