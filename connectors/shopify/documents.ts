// Every Admin GraphQL document the connector sends (CHANNELS.md §1.4). Each starts with `#graphql` (so
// editors and codegen pick it up) and is validated against the 2025-01 and 2025-10 schemas in a unit
// test. Deprecated mutations (productCreateMedia, productUpdateMedia, productDeleteMedia) are not used.

/**
 * What the connector reads of a medium: originalSource carries our `<sha256>.<ext>` name while image is
 * null (processing). Not mediaErrors: every object selected is a point per medium on every read and
 * status poll, and only a FAILED medium has any — those are asked for by MEDIA_ERRORS.
 */
const MEDIA_FIELDS = `#graphql
  fragment AssetlineMedia on Media {
    id
    alt
    status
    mediaContentType
    ... on MediaImage {
      image { url width height }
      originalSource { url }
    }
  }
`;

/** One page of a product's gallery, in position order (10 per page asks ~34 points). */
export const PRODUCT_MEDIA = `#graphql
  query AssetlineProductMedia($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      id
      media(first: $first, after: $after) {
        nodes { ...AssetlineMedia }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  ${MEDIA_FIELDS}
`;

/** Appends media to a product; the new ones are the last `$added` of the gallery. */
export const PRODUCT_ADD_MEDIA = `#graphql
  mutation AssetlineAddMedia($product: ProductUpdateInput!, $media: [CreateMediaInput!], $added: Int!) {
    productUpdate(product: $product, media: $media) {
      product {
        id
        media(last: $added) { nodes { ...AssetlineMedia } }
      }
      userErrors { field message }
    }
  }
  ${MEDIA_FIELDS}
`;

/** Replaces content keeping the media id (originalSource + filename), or detaches (referencesToRemove). */
export const FILE_UPDATE = `#graphql
  mutation AssetlineFileUpdate($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files { id fileStatus }
      userErrors { field message code }
    }
  }
`;

export const REORDER_MEDIA = `#graphql
  mutation AssetlineReorderMedia($id: ID!, $moves: [MoveInput!]!) {
    productReorderMedia(id: $id, moves: $moves) {
      job { id done }
      mediaUserErrors { field message code }
    }
  }
`;

/** Processing status of the media being written: cheap to poll (one object per id). */
export const MEDIA_STATUS = `#graphql
  query AssetlineMediaStatus($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
      ...AssetlineMedia
    }
  }
  ${MEDIA_FIELDS}
`;

/** Why media failed: asked only for those a read or status poll found FAILED. */
export const MEDIA_ERRORS = `#graphql
  query AssetlineMediaErrors($ids: [ID!]!) {
    nodes(ids: $ids) {
      id
      ... on MediaImage { mediaErrors { code details message } }
    }
  }
`;

export const JOB_STATUS = `#graphql
  query AssetlineJob($id: ID!) {
    job(id: $id) { id done }
  }
`;

export const STAGED_UPLOADS = `#graphql
  mutation AssetlineStagedUploads($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }
`;

/**
 * Catalogue import: a page of products with their SKUs, first images, and what the catalogue says about
 * them (product type, vendor, tags, the titles of up to 10 collections: the assets placed on a product
 * are tagged with these).
 */
export const PRODUCTS_PAGE = `#graphql
  query AssetlineProducts($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query) {
      nodes {
        id
        title
        status
        productType
        vendor
        tags
        collections(first: 10) { nodes { title } }
        variants(first: 5) { nodes { sku } }
        media(first: 5) {
          nodes {
            id
            ... on MediaImage { image { url width height } }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const DOCUMENTS = { PRODUCT_MEDIA, MEDIA_STATUS, MEDIA_ERRORS, PRODUCT_ADD_MEDIA, FILE_UPDATE, REORDER_MEDIA, JOB_STATUS, STAGED_UPLOADS, PRODUCTS_PAGE } as const;

/**
 * Requested cost per document before Shopify has priced it once (§1.6: connections 2 + n, plus n times
 * each node's objects); the client then uses the requestedQueryCost Shopify reported.
 */
export const ESTIMATED_COST: Record<keyof typeof DOCUMENTS, number> = {
  PRODUCT_MEDIA: 34,
  MEDIA_STATUS: 15,
  MEDIA_ERRORS: 10,
  PRODUCT_ADD_MEDIA: 10,
  FILE_UPDATE: 10,
  REORDER_MEDIA: 10,
  JOB_STATUS: 1,
  STAGED_UPLOADS: 10,
  PRODUCTS_PAGE: 805, // 25 products with their collections(first: 10): 803 by the rules above
};
