// Library search (issue #7): query parsing into filters + free text, and the tokeniser shared by the
// index (to_tsvector('simple', indexText(…))) and the query (tsQueryFor(parseQuery(…).terms)).
export { parseQuery, removeChip, describeFilters, type ParsedQuery, type QueryChip, type ParseOptions, type FilterChip } from "./query";
export { SearchFiltersSchema, type SearchFilters, type ComplianceFilter } from "./filters";
export { indexText, indexTokens, queryTerms, tsQueryFor } from "./segment";
