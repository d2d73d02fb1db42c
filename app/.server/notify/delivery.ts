// Delivery progress of one activity across its destinations. The row has one error field, so it
// records which destinations failed on the last attempt ("webhook: …" / "email: …", one per line); a
// retry sends only to those, so a failing mail server does not post the Slack message again.

export type Destination = "webhook" | "email";
export interface DestinationFailure {
  to: Destination;
  message: string;
}

const DESTINATIONS: readonly Destination[] = ["webhook", "email"];

export function formatFailures(failures: DestinationFailure[]): string {
  return failures.map((f) => `${f.to}: ${f.message.replace(/[\r\n]+/g, " ").trim()}`).join("\n");
}

/**
 * The destinations still owed the activity: every configured one on the first attempt; after a failed
 * attempt, the configured ones that failed (a destination added meanwhile is not owed this activity).
 */
export function destinationsOwed(configured: readonly Destination[], lastError: string | null): Destination[] {
  if (!lastError) return [...configured];
  const failed = new Set(
    lastError
      .split("\n")
      .map((line) => line.slice(0, line.indexOf(":")))
      .filter((d): d is Destination => (DESTINATIONS as readonly string[]).includes(d)),
  );
  // An error we cannot attribute (none of our lines): try everything again rather than drop it.
  if (!failed.size) return [...configured];
  return configured.filter((d) => failed.has(d));
}
