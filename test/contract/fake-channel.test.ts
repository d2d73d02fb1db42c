// The in-memory fake keeps the Channel contract (the same suite the real connectors run on sandboxes).
import { randomUUID } from "node:crypto";
import { createFakeChannel, FakeChannelState } from "../../connectors/fake/fake-channel";
import { channelContract } from "./channel.contract";

channelContract("in-memory fake", async () => {
  const state = new FakeChannelState();
  let cached = state.validToken;
  const channel = createFakeChannel(state, {
    accessToken: async () => cached,
    refresh: async () => (cached = state.refreshToken()),
  });
  return {
    channel,
    newListing: async () => state.seedListing(`product-${randomUUID()}`, 1),
    deleteListing: async (ref) => state.deleteListing(ref.externalId),
    throttleNextCall: async (ms) => state.throttleOnce(ms),
    expireToken: async () => state.expireToken(),
    tokenRefreshes: () => state.refreshes,
    urlFor: (sha) => `https://media.example/${sha}.jpg`,
    invalid: () => ({ images: [{ kind: "external", slot: "main", externalRef: "not-there" }], message: /not-there is not on this listing/ }),
    replaceKeepsIdentity: true,
    close: async () => {},
  };
});

