import { describe, expect, it } from "vitest";
import { absoluteLink, emailMessage, slackPayload } from "./format";

const a = { kind: "rights.expired", title: "The licence of “Hero <1> & co” has ended", body: "Renew it.", link: "/app/assets/abc" };

describe("outgoing activity messages", () => {
  it("links absolutely only when the app has a public URL", () => {
    expect(absoluteLink("/app/assets/abc", "https://assetline.example/")).toBe("https://assetline.example/app/assets/abc");
    expect(absoluteLink("/app/assets/abc", null)).toBeNull();
    expect(absoluteLink(null, "https://assetline.example")).toBeNull();
    expect(absoluteLink("https://elsewhere.example/x", null)).toBe("https://elsewhere.example/x");
  });
  it("builds Slack text and blocks with mrkdwn control characters escaped", () => {
    const p = slackPayload(a, "Nordic Socks", "https://assetline.example");
    expect(p.text).toBe("*The licence of “Hero &lt;1&gt; &amp; co” has ended*\nRenew it.\n<https://assetline.example/app/assets/abc|Open in Assetline>");
    expect(p.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: "*The licence of “Hero &lt;1&gt; &amp; co” has ended*\nRenew it." } });
    expect(p.blocks[1]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: "Nordic Socks · Licence ended · <https://assetline.example/app/assets/abc|Open in Assetline>" }],
    });
    expect(slackPayload({ ...a, body: "" }, "S", null).text).toBe("*The licence of “Hero &lt;1&gt; &amp; co” has ended*");
  });
  it("builds a plain-text email with the shop in the subject", () => {
    const m = emailMessage(a, "Nordic Socks", "https://assetline.example");
    expect(m.subject).toBe("[Nordic Socks] The licence of “Hero <1> & co” has ended");
    expect(m.text).toContain("Renew it.\n\nOpen in Assetline: https://assetline.example/app/assets/abc\n");
    expect(emailMessage({ ...a, title: "two\nlines" }, "S", null).subject).toBe("[S] two lines");
  });
});
