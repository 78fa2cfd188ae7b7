export { type PromqlParseResult, parsePromql } from "./parse-promql.ts";
