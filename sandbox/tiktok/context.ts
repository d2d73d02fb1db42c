// One received request, already read: what every route handler gets.
export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | null;
  accessToken: string | null;
  /** Raw bytes, null when there was no body. */
  body: Buffer | null;
}

export const isMultipart = (ctx: Pick<RequestContext, "contentType">): boolean =>
  (ctx.contentType ?? "").split(";")[0]!.trim().toLowerCase() === "multipart/form-data";
