// Lint: TypeScript strict rules plus the dependency rule of DESIGN §2 as import zones, and the
// Remix-stacks rule that only repository files touch Prisma models.
import tseslint from "typescript-eslint";
import importPlugin from "eslint-plugin-import";

const MODELS = "facetCount|facetCountDelta|channelAccount|listing|oAuthState|notification|shareLink|shareAccess|approvalChain|approval|rights|member|asset|assetVersion|blob|rendition|tag|assetTag|collection|collectionAsset|apiKey|auditEvent|session|shop|webhookEvent|renditionFix|shopPreset|placement|syncBatch|channelMedia|activity|syncSettings|versionAnalysis|duplicateDismissal|versionPair|recentSearch|searchWord|facetPairCount|facetPairCountDelta|assetColourCell";
const prismaOutsideRepositories = [
  {
    selector: `MemberExpression[object.name=/^(tx|prisma)$/][property.name=/^(${MODELS})$/]`,
    message: "Only *.repository.ts files query Prisma models: add a repository function that takes shopId first.",
  },
  {
    selector: `MemberExpression[object.property.name="prisma"][property.name=/^(${MODELS})$/]`,
    message: "Only *.repository.ts files query Prisma models: add a repository function that takes shopId first.",
  },
];

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "app/.generated/**", ".data/**", ".cache/**", "test-results/**", "bench/out/**"] },
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    settings: { "import/resolver": { node: { extensions: [".ts", ".tsx", ".js", ".mjs"] } } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./connectors", from: "./app", message: "connectors/ never imports app code (DESIGN §2)." },
            { target: "./connectors", from: "./prisma", message: "connectors/ never touches the database." },
            { target: "./sandbox", from: "./app", message: "sandbox/ must not share code with what it checks." },
            { target: "./sandbox", from: "./connectors", except: ["./channel.ts"], message: "sandbox/ imports only the contract types." },
            { target: "./app/components", from: "./app/.server", message: "Components are UI only; load data in routes." },
            { target: "./app/.server", from: "./app/routes", message: "Services never import routes." },
            { target: "./app/.server", from: "./app/components", message: "Services never import UI." },
          ],
        },
      ],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.repository.ts", "app/.server/db/**", "app/**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", ...prismaOutsideRepositories] },
  },
  {
    files: ["test/**/*.ts", "**/*.test.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["bin/**/*.mjs", "server.mjs", "scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", fetch: "readonly", FormData: "readonly" } },
  },
);
