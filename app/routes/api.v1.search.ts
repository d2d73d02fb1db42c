// GET /api/v1/search?q= — title search with the same filters and pages as /api/v1/assets.
// Full-text, facets and similarity come with the search issue.
export { loader } from "./api.v1.assets";
