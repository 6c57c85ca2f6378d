/**
 * Reads src/web/static/ (flat: no sub-folders) into memory: name → bytes, content type and a
 * strong ETag. Only known extensions are served; anything else in the folder is ignored.
 * Must not: serve from disk per request (no path from a URL ever reaches the file system).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface WebAsset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

const STATIC_DIR = fileURLToPath(new URL("./static/", import.meta.url));

export function loadWebAssets(dir: string = STATIC_DIR): ReadonlyMap<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type || !/^[a-z0-9_.-]+$/.test(name)) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` });
  }
  return assets;
}
