/** Public entry of the file source (log_format syslog and json). */
export { FileSource, fileSourceFactory, type FileSourceOptions } from "./file_source.ts";
