/**
 * The Riposte PKI: the manager is a small CA. It signs its own server certificate and, at
 * enrollment, each agent's CSR into a client certificate whose subject CN is the agent id.
 * Agents pin the manager's server certificate by SHA-256 fingerprint.
 * Must not: decide who may enroll (manager/agents does) or store files (callers do).
 */
import { X509Certificate } from "node:crypto";
import { ALG, exportPrivateKeyPem, generateKeys, importPrivateKeyPem, randomSerial, x509 } from "./_x509.ts";
import { TransportError } from "./transport_error.ts";

/** PEM certificate and PKCS#8 private key. */
export interface KeyAndCert {
  readonly certPem: string;
  readonly keyPem: string;
}

const DAY_MS = 86_400_000;
const validity = (days: number) => ({ notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + days * DAY_MS) });

/** A new self-signed CA (10 years by default). */
export async function createCertificateAuthority(commonName = "riposte-ca", days = 3650): Promise<KeyAndCert> {
  const lib = await x509();
  const keys = await generateKeys();
  const cert = await lib.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(), name: `CN=${commonName}`, keys, signingAlgorithm: ALG, ...validity(days),
    extensions: [
      new lib.BasicConstraintsExtension(true, 0, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.keyCertSign | lib.KeyUsageFlags.cRLSign | lib.KeyUsageFlags.digitalSignature, true),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/** The manager's TLS server certificate, for `hosts` (DNS names and IPs). */
export async function issueServerCertificate(ca: KeyAndCert, hosts: readonly string[], days = 3650): Promise<KeyAndCert> {
  const lib = await x509();
  const keys = await generateKeys();
  const names = hosts.map((h) => (/^[0-9.]+$|:/.test(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h }));
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: randomSerial(), subject: "CN=riposte-manager", issuer: new lib.X509Certificate(ca.certPem).subject,
    publicKey: keys.publicKey, signingKey: await importPrivateKeyPem(ca.keyPem), signingAlgorithm: ALG, ...validity(days),
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.serverAuth]),
      new lib.SubjectAlternativeNameExtension(names),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/** A new agent key and a CSR proving possession of it. */
export async function createAgentCsr(name: string): Promise<{ csrPem: string; keyPem: string }> {
  const lib = await x509();
  const keys = await generateKeys();
  const csr = await lib.Pkcs10CertificateRequestGenerator.create({ name: `CN=${name}`, keys, signingAlgorithm: ALG });
  return { csrPem: csr.toString("pem"), keyPem: await exportPrivateKeyPem(keys.privateKey) };
}

/**
 * Signs an agent's CSR: subject `CN=<agentId>`, client-auth only. The CSR's own subject is
 * ignored (the manager decides the identity). Throws PKI_CSR_INVALID when the CSR does not
 * parse or its signature does not verify.
 */
export async function signAgentCsr(ca: KeyAndCert, csrPem: string, agentId: string, days = 3650): Promise<{ certPem: string; serial: string }> {
  const lib = await x509();
  let csr: InstanceType<typeof lib.Pkcs10CertificateRequest>;
  try {
    csr = new lib.Pkcs10CertificateRequest(csrPem);
    if (!(await csr.verify())) throw new Error("signature does not verify");
  } catch (error: unknown) {
    throw new TransportError("PKI_CSR_INVALID", "Cannot sign the certificate request: it is not a valid signed PKCS#10 request", { cause: error });
  }
  const serial = randomSerial();
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: serial, subject: `CN=${agentId}`, issuer: new lib.X509Certificate(ca.certPem).subject,
    publicKey: csr.publicKey, signingKey: await importPrivateKeyPem(ca.keyPem), signingAlgorithm: ALG, ...validity(days),
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return { certPem: cert.toString("pem"), serial: new X509Certificate(cert.toString("pem")).serialNumber.toUpperCase() };
}

/** SHA-256 fingerprint of a PEM certificate, `AA:BB:…` (what agents pin). */
export function certificateFingerprint(certPem: string): string {
  try {
    return new X509Certificate(certPem).fingerprint256.toUpperCase();
  } catch (error: unknown) {
    throw new TransportError("PKI_MATERIAL_INVALID", "Cannot read a certificate: it is not a PEM X.509 certificate", { cause: error });
  }
}
