// What an activity looks like outside the app: a Slack-compatible webhook body and an email. Pure, so
// the exact wording is unit-tested; links become absolute only when the deployment has a public URL.
import { activityKindLabel } from "./kinds";

export interface OutgoingActivity {
  kind: string;
  title: string;
  body: string;
  /** In-app path (e.g. /app/assets/<id>) or null. */
  link: string | null;
}

export interface SlackPayload {
  text: string;
  blocks: Array<
    | { type: "section"; text: { type: "mrkdwn"; text: string } }
    | { type: "context"; elements: Array<{ type: "mrkdwn"; text: string }> }
  >;
}

export interface EmailMessage {
  subject: string;
  text: string;
}

/** The app's public URL + the in-app path; null when either is missing (a relative link helps nobody). */
export function absoluteLink(link: string | null, appUrl: string | null): string | null {
  if (!link) return null;
  if (/^https?:\/\//i.test(link)) return link;
  if (!appUrl || !link.startsWith("/")) return null;
  return `${appUrl.replace(/\/+$/, "")}${link}`;
}

// Slack's mrkdwn treats &, < and > as control characters; everything else is literal.
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Inside <url|label> a "|" or ">" would end the URL early.
const slackUrl = (url: string) => url.replace(/\|/g, "%7C").replace(/>/g, "%3E").replace(/</g, "%3C");
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function slackPayload(a: OutgoingActivity, shopName: string, appUrl: string | null): SlackPayload {
  const url = absoluteLink(a.link, appUrl);
  const open = url ? `<${slackUrl(url)}|Open in Assetline>` : null;
  const title = esc(clip(a.title, 300));
  const body = esc(clip(a.body, 2500));
  // `text` alone is what simpler Slack-compatible receivers show, and what Slack puts in notifications.
  const text = [`*${title}*`, body, open].filter(Boolean).join("\n");
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: [`*${title}*`, body].filter(Boolean).join("\n") } },
      { type: "context", elements: [{ type: "mrkdwn", text: [esc(shopName), esc(activityKindLabel(a.kind)), open].filter(Boolean).join(" · ") }] },
    ],
  };
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();

export function emailMessage(a: OutgoingActivity, shopName: string, appUrl: string | null): EmailMessage {
  const url = absoluteLink(a.link, appUrl);
  const lines = [a.title, "", ...(a.body ? [a.body, ""] : []), ...(url ? [`Open in Assetline: ${url}`, ""] : [])];
  lines.push(`— Assetline · ${shopName} · ${activityKindLabel(a.kind)}`);
  lines.push("You receive this because your address is in the shop's notification settings in Assetline.");
  return { subject: clip(oneLine(`[${shopName}] ${a.title}`), 200), text: lines.join("\n") };
}
