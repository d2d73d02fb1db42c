// POSTs a Slack-compatible message to the shop's incoming webhook. The URL is a secret (it is the
// credential): errors describe what happened without repeating it, in words that follow "webhook: ".
import { AppError } from "../errors";
import type { SlackPayload } from "./format";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export async function postWebhook(url: string, payload: SlackPayload, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      // Incoming webhooks answer where they are; following a redirect would post the message elsewhere.
      redirect: "error",
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
  } catch (err) {
    throw new AppError("unavailable", fetchFailure(err, timeout.aborted));
  }
  if (res.ok) {
    await res.body?.cancel().catch(() => {});
    return;
  }
  // Slack explains refusals in a word or two (no_service, invalid_token): worth showing.
  const detail = (await res.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 80);
  throw new AppError("unavailable", `answered ${res.status}${detail ? ` (${detail})` : ""}`);
}

function fetchFailure(err: unknown, timedOut: boolean): string {
  if (timedOut) return `did not answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  const e = err as { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === "AbortError") return "sending was stopped (the worker is shutting down)";
  if (e.cause?.message?.includes("redirect")) return "redirected elsewhere; use the URL it redirects to";
  return `could not be reached${e.cause?.code ? ` (${e.cause.code})` : ""}`;
}
