import { describe, expect, it } from "vitest";
import { destinationsOwed, formatFailures } from "./delivery";

describe("delivery progress", () => {
  it("owes every configured destination on the first attempt", () => {
    expect(destinationsOwed(["webhook", "email"], null)).toEqual(["webhook", "email"]);
  });
  it("after a partial failure, owes only the destinations that failed", () => {
    const err = formatFailures([{ to: "email", message: "connect ECONNREFUSED\n127.0.0.1:587" }]);
    expect(err).toBe("email: connect ECONNREFUSED 127.0.0.1:587");
    expect(destinationsOwed(["webhook", "email"], err)).toEqual(["email"]);
    const both = formatFailures([
      { to: "webhook", message: "answered 500" },
      { to: "email", message: "timeout" },
    ]);
    expect(destinationsOwed(["webhook", "email"], both)).toEqual(["webhook", "email"]);
  });
  it("a destination removed meanwhile is dropped; an unattributed error retries everything", () => {
    expect(destinationsOwed(["webhook"], "email: timeout")).toEqual([]);
    expect(destinationsOwed(["webhook", "email"], "something odd")).toEqual(["webhook", "email"]);
  });
});
