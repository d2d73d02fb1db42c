// The parts of the Listings Items 2021-08-01 answers the connector reads (Item, Issue,
// ListingsItemSubmissionResponse, ItemSearchResults in listingsItems_2021-08-01.json).

export interface AmazonIssue {
  code: string;
  message: string;
  severity: "ERROR" | "WARNING" | "INFO";
  attributeNames?: string[];
  categories?: string[];
}

export interface AmazonItem {
  sku: string;
  summaries?: Array<{ marketplaceId: string; productType: string; itemName?: string; status?: string[] }>;
  attributes?: Record<string, unknown>;
  issues?: AmazonIssue[];
}

export interface SubmissionResponse {
  status: "ACCEPTED" | "INVALID" | "VALID";
  submissionId: string;
  issues?: AmazonIssue[];
}

export interface ItemSearchResults {
  numberOfResults: number;
  pagination?: { nextToken?: string };
  items: AmazonItem[];
}
