/**
 * A throw-away PKI for tests: a CA, the manager's server certificate, and agent certificates
 * issued through the same CSR path enrollment uses. Cached per process (key generation is
 * the slow part).
 */
import type { KeyAndCert } from "../../src/transport/mod.ts";
import { certificateFingerprint, createAgentCsr, createCertificateAuthority, issueServerCertificate, signAgentCsr } from "../../src/transport/mod.ts";

export interface TestPki {
  readonly ca: KeyAndCert;
  readonly server: KeyAndCert;
  readonly serverFingerprint: string;
  agent(agentId: string): Promise<KeyAndCert & { serial: string }>;
}

let cached: Promise<TestPki> | undefined;

export function testPki(): Promise<TestPki> {
  cached ??= (async () => {
    const ca = await createCertificateAuthority("riposte-test-ca");
    const server = await issueServerCertificate(ca, ["127.0.0.1", "localhost"]);
    return {
      ca,
      server,
      serverFingerprint: certificateFingerprint(server.certPem),
      async agent(agentId: string) {
        const { csrPem, keyPem } = await createAgentCsr(`agent-${agentId}`);
        const { certPem, serial } = await signAgentCsr(ca, csrPem, agentId);
        return { certPem, keyPem, serial };
      },
    };
  })();
  return cached;
}
