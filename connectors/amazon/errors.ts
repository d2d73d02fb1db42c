// SP-API answers → ChannelError (CHANNELS.md §2.6): 401/403 → auth (expired or revoked token: the
// caller refreshes once), 404 → not_found, 400/413/415/422 → validation with Amazon's own message.
// 429 and 5xx never get here: httpRequest turns them into throttled / transient.
import { ChannelError } from "../channel";

interface AmazonErrorBody {
  errors?: Array<{ code?: unknown; message?: unknown; details?: unknown }>;
}

/** First error of an SP-API ErrorList body, tolerating bodies that are not JSON. */
export function firstError(body: unknown): { code: string | null; message: string | null; details: string | null } {
  const e = (body as AmazonErrorBody | null)?.errors?.[0];
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  return { code: str(e?.code), message: str(e?.message), details: str(e?.details) };
}

export function spApiError(label: string, status: number, body: unknown): ChannelError {
  const { code, message, details } = firstError(body);
  const text = `${label}: ${message ?? `HTTP ${status}`}${details ? ` (${details})` : ""}`;
  const channelCode = code ?? `HTTP_${status}`;
  if (status === 401 || status === 403) return new ChannelError("auth", text, { channelCode });
  if (status === 404) return new ChannelError("not_found", text, { channelCode });
  if (status >= 400 && status < 500) return new ChannelError("validation", text, { channelCode });
  return new ChannelError("transient", text, { channelCode });
}

/** LWA's {error, error_description}: a dead grant or wrong client is `auth`, a malformed request `validation`. */
export function lwaError(status: number, body: unknown): ChannelError {
  const b = (body ?? {}) as { error?: unknown; error_description?: unknown };
  const code = typeof b.error === "string" ? b.error : `HTTP_${status}`;
  const text = `amazon.lwa: ${typeof b.error_description === "string" ? b.error_description : code}`;
  if (["invalid_grant", "invalid_client", "unauthorized_client", "access_denied"].includes(code) || status === 401)
    return new ChannelError("auth", text, { channelCode: code });
  if (code === "temporarily_unavailable" || code === "server_error") return new ChannelError("transient", text, { channelCode: code });
  return new ChannelError("validation", text, { channelCode: code });
}

export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
