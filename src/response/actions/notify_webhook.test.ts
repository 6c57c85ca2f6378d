import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { addContext, deleteContext, ipMessage } from "../../../test/harness/action_message.ts";
import { runResponseActionConformance } from "../../../test/harness/response_action_conformance.ts";
import { notifyWebhook } from "./notify_webhook.ts";

interface Receiver {
  readonly url: string;
  readonly bodies: Record<string, unknown>[];
  readonly server: Server;
}

/** A loopback receiver: /ok answers 204, /fail 500, /hang never answers. */
async function receiver(): Promise<Receiver> {
  const bodies: Record<string, unknown>[] = [];
  const read = async (req: IncomingMessage) => {
    let text = "";
    for await (const c of req) text += String(c);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      if (req.url === "/hang") return;
      bodies.push({ ...body, _path: req.url, _type: req.headers["content-type"] });
      res.writeHead(req.url === "/fail" ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

function close(r: Receiver) {
  r.server.closeAllConnections();
  r.server.close();
}

runResponseActionConformance("notify-webhook", async () => {
  const r = await receiver();
  return {
    action: notifyWebhook(),
    hanging: { name: "notify-webhook", add: (m, c) => notifyWebhook().add({ ...m, parameters: { ...m.parameters, extra_args: [`${r.url}/hang`] } }, c), delete: (m, c) => notifyWebhook().delete(m, c) },
    message: (ip) => ipMessage(ip, [`${r.url}/ok`]),
    // Active = the receiver's last notice for this address says "active".
    isActive: (ip) => r.bodies.filter((b) => b.srcip === ip).at(-1)?.event === "active",
    cleanup: () => close(r),
  };
});

test("notify-webhook: JSON body with rule, agent, srcip and the alert; Slack attachment with format=slack", async () => {
  const r = await receiver();
  try {
    assert.equal((await notifyWebhook().add(ipMessage("203.0.113.5", [`${r.url}/ok`]), addContext())).outcome, "done");
    const [plain] = r.bodies;
    assert.equal(plain?._type, "application/json");
    assert.deepEqual([plain?.event, plain?.srcip, (plain?.rule as { id: string }).id], ["active", "203.0.113.5", "5763"]);
    await notifyWebhook().add(ipMessage("203.0.113.5", [`${r.url}/ok`, "format=slack"]), addContext());
    const slack = r.bodies[1]?.attachments as { color: string; title: string; fields: { title: string; value: string }[] }[];
    assert.equal(slack[0]?.color, "danger");
    assert.equal(slack[0]?.title, "sshd: brute force");
    assert.ok(slack[0]?.fields.some((f) => f.title === "Rule ID" && f.value === "5763 (level 10)"));
    assert.equal((await notifyWebhook().delete(ipMessage("203.0.113.5", [`${r.url}/ok`]), deleteContext)).outcome, "done");
    assert.equal(r.bodies[2]?.event, "lifted");
  } finally {
    close(r);
  }
});

test("notify-webhook: non-2xx, timeout, no URL and non-http schemes are failures", async () => {
  const r = await receiver();
  try {
    const code = async (extra: string[]) => (await notifyWebhook().add(ipMessage("203.0.113.5", extra), addContext())).code;
    assert.equal(await code([`${r.url}/fail`]), "ACTION_WEBHOOK_FAILED");
    assert.equal(await code([`${r.url}/hang`, "timeout-ms=200"]), "ACTION_WEBHOOK_FAILED");
    assert.equal(await code([]), "ACTION_BAD_OPTION");
    assert.equal(await code(["file:///etc/passwd"]), "ACTION_BAD_OPTION");
    assert.equal(await code(["ftp://example.org/x"]), "ACTION_BAD_OPTION");
    assert.equal(await code([`${r.url}/ok`, "timeout-ms=5"]), "ACTION_BAD_OPTION");
  } finally {
    close(r);
  }
});
