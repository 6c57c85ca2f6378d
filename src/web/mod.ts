/**
 * Public entry of the web dashboard: its static files (src/web/static/: plain ES modules,
 * CSS and inline SVG, no build step and no CDN), read once into memory with their content
 * types, for the API server to serve at `/`.
 * Must not: know the API's routes beyond the URLs the pages fetch.
 */
export { loadWebAssets, type WebAsset } from "./web_assets.ts";
