import { AppError, type AppErrorKind } from "../errors";
import type { MediaError } from "../media/errors";

const KIND: Record<MediaError["kind"], AppErrorKind> = {
  empty: "empty_file",
  unsupported_type: "unsupported_type",
  too_large: "file_too_large",
  too_many_pixels: "too_many_pixels",
  truncated: "truncated_file",
  corrupt: "corrupt_file",
  tool_missing: "unavailable",
};

export const toAppError = (e: MediaError) => new AppError(KIND[e.kind], e.message);
