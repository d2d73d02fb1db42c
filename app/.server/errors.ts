// Errors are typed values with a kind (not strings); the HTTP status and the API `code` derive from it.
export type AppErrorKind =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_state"
  | "empty_file"
  | "unsupported_type"
  | "file_too_large"
  | "too_many_pixels"
  | "truncated_file"
  | "corrupt_file"
  | "too_many_files"
  | "unavailable"
  | "gone"
  | "password_required"
  | "rate_limited"
  | "internal";

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

const STATUS: Record<AppErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  empty_file: 400,
  unsupported_type: 415,
  file_too_large: 413,
  too_many_pixels: 422,
  truncated_file: 422,
  corrupt_file: 422,
  too_many_files: 413,
  unavailable: 503,
  gone: 410,
  password_required: 401,
  rate_limited: 429,
  internal: 500,
};

export const statusFor = (kind: AppErrorKind) => STATUS[kind];

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);

/** Parses a value a service was handed; a bad one is a `validation` error with the schema's own message. */
export function valid<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError("validation", r.error.issues[0]?.message ?? "That value is not valid.");
  return r.data;
}
