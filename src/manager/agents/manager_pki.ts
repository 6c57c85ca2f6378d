/**
 * The manager's PKI material under HOME/etc, created on first start: the CA that signs agent
 * certificates (rootCA.pem, rootCA.key) and the TLS server certificate both listeners present
 * (sslmanager.cert, sslmanager.key; Wazuh's file names). Private keys are written 0600.
 * Must not: decide identities (enrollment does).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { certificateFingerprint, createCertificateAuthority, issueServerCertificate, type KeyAndCert } from "../../transport/mod.ts";
import { ManagerError } from "../manager_error.ts";

export interface ManagerPki {
  readonly ca: KeyAndCert;
  readonly server: KeyAndCert;
  /** SHA-256 fingerprint of the server certificate: what agents pin. */
  readonly serverFingerprint: string;
}

const read = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch (error: unknown) {
    throw new ManagerError("MANAGER_HOME_INVALID", `Cannot read "${path}"`, { cause: error });
  }
};

function writePair(dir: string, base: string, certExt: string, pair: KeyAndCert): void {
  writeFileSync(join(dir, `${base}.${certExt}`), pair.certPem, { mode: 0o644 });
  writeFileSync(join(dir, `${base}.key`), pair.keyPem, { mode: 0o600 });
  chmodSync(join(dir, `${base}.key`), 0o600);
}

/** Loads HOME/etc's CA and server certificate, creating what is missing. */
export async function loadManagerPki(home: string): Promise<ManagerPki> {
  const etc = join(home, "etc");
  mkdirSync(etc, { recursive: true });
  const caCert = join(etc, "rootCA.pem");
  if (!existsSync(caCert)) writePair(etc, "rootCA", "pem", await createCertificateAuthority(`riposte-ca-${hostname()}`));
  const ca = { certPem: read(caCert), keyPem: read(join(etc, "rootCA.key")) };
  const serverCert = join(etc, "sslmanager.cert");
  if (!existsSync(serverCert)) writePair(etc, "sslmanager", "cert", await issueServerCertificate(ca, ["localhost", "127.0.0.1", "::1", hostname()]));
  const server = { certPem: read(serverCert), keyPem: read(join(etc, "sslmanager.key")) };
  return { ca, server, serverFingerprint: certificateFingerprint(server.certPem) };
}
