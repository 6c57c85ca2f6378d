import { runChannelConformance } from "../../test/harness/channel_conformance.ts";
import { createMemoryPair } from "./mod.ts";

runChannelConformance("memory channel", async (options) => {
  const pair = createMemoryPair(options);
  return {
    a: pair.a,
    b: pair.b,
    injectFromA: (bytes) => void pair.rawA.write(bytes),
    cleanup: async () => {
      await pair.a.close();
      await pair.b.close();
    },
  };
});
