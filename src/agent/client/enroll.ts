/**
 * Enrollment, agent side: makes a fresh key and CSR, connects to the manager's enrollment
 * port over TLS (pinning the manager when `pinSha256` is given; otherwise trusting the first
 * certificate seen and pinning it from then on), sends the request and stores the identity
 * the manager issued. The manager's fingerprint is pinned for every later connection.
 */
import type { Logger } from "../../core/mod.ts";
import { TransportError, connectTls, createAgentCsr, type EnrolledMessage } from "../../transport/mod.ts";
import { saveAgentIdentity, type AgentIdentity } from "./agent_identity.ts";

export interface EnrollOptions {
  readonly home: string;
  readonly host: string;
  /** Enrollment port. @default 1515 */
  readonly port: number;
  readonly name: string;
  readonly groups: readonly string[];
  readonly password?: string;
  /** Expected manager fingerprint (`AA:BB:…`); recommended when the network is not trusted. */
  readonly pinSha256?: string;
  readonly logger?: Logger;
  readonly timeoutMs?: number;
}

/** Enrolls and saves the identity; rejects with the manager's refusal code when refused. */
export async function enrollAgent(options: EnrollOptions): Promise<AgentIdentity> {
  const { csrPem, keyPem } = await createAgentCsr(options.name);
  const channel = await connectTls({
    host: options.host, port: options.port, timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.pinSha256 !== undefined ? { pinSha256: options.pinSha256 } : {}),
  });
  try {
    await channel.send({ t: "enroll", name: options.name, groups: options.groups, csr: csrPem, ...(options.password !== undefined ? { password: options.password } : {}) });
    let answer: EnrolledMessage | undefined;
    for await (const m of channel.messages()) {
      if (m.t === "refused") throw Object.assign(new TransportError("TRANSPORT_PEER_UNTRUSTED", `The manager refused the enrollment: ${m.code}: ${m.message}`), { refusal: m.code });
      if (m.t === "enrolled") answer = m;
      break;
    }
    if (!answer) throw new TransportError("TRANSPORT_CLOSED", "The manager closed the enrollment without an answer");
    const identity: AgentIdentity = {
      agentId: answer.agentId, name: answer.name, certPem: answer.cert, keyPem, caPem: answer.ca,
      managerFingerprint: channel.peer.fingerprint ?? "", managerHost: options.host,
    };
    saveAgentIdentity(options.home, identity);
    options.logger?.info("enrolled", { agentId: identity.agentId, name: identity.name, manager: options.host, fingerprint: identity.managerFingerprint });
    return identity;
  } finally {
    await channel.close();
  }
}
