/**
 * The wire protocol: every message kind, and one hand-written validator per kind. A frame's
 * JSON is trusted only after `validateMessage` accepted it; unknown kinds, missing or extra
 * fields, wrong types and out-of-range values are refused.
 * Must not: know what events mean (that is analysis) or what a response does (that is execd).
 *
 * Agent channel (port 1514), after TLS with both sides authenticated:
 *   agent → manager: hello (first), events, keepalive, ar_result
 *   manager → agent: welcome (answer to hello), ack, keepalive, ar, refused (then close)
 * Enrollment channel (port 1515), TLS with the manager authenticated only:
 *   agent → manager: enroll;  manager → agent: enrolled | refused
 */
import { Queue } from "../core/mod.ts";

/** One collected event as shipped: Wazuh's `location`, the message, the queue id. */
export interface EventItem {
  readonly location: string;
  readonly log: string;
  readonly queue: Queue;
}

export interface HelloMessage {
  readonly t: "hello";
  /** MUST equal the id in the agent's certificate; the manager refuses anything else. */
  readonly agentId: string;
  readonly name: string;
  readonly version: string;
  /** Identity of the agent's spool; a new one (spool wiped) restarts sequence numbering. */
  readonly spoolId: string;
  /** Events the spool dropped because it was full, since the spool was created. */
  readonly dropped: number;
}
export interface WelcomeMessage {
  readonly t: "welcome";
  readonly agentId: string;
  /** Highest sequence number of this spool the manager holds durably (0: none). */
  readonly ackedSeq: number;
  /** Interval the manager expects keepalives at; silence for 3 intervals closes the channel. */
  readonly keepaliveSec: number;
}
/** A batch of events with consecutive sequence numbers firstSeq, firstSeq+1, … */
export interface EventsMessage {
  readonly t: "events";
  readonly firstSeq: number;
  readonly items: readonly EventItem[];
}
/** Cumulative: every event of this spool with seq ≤ `seq` is durable on the manager. */
export interface AckMessage {
  readonly t: "ack";
  readonly seq: number;
}
export interface KeepaliveMessage {
  readonly t: "keepalive";
  /** Agent → manager only: the spool's dropped count so far. */
  readonly dropped?: number;
}
/** An active-response command (manager → agent): `payload` is the Wazuh AR JSON message. */
export interface ArMessage {
  readonly t: "ar";
  readonly id: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** ms since epoch after which the agent MUST NOT run it (answers outcome "expired"). */
  readonly expiresAt: number;
}
export const AR_OUTCOMES = ["received", "done", "failed", "expired", "refused"] as const;
export type ArOutcome = (typeof AR_OUTCOMES)[number];
export interface ArResultMessage {
  readonly t: "ar_result";
  readonly id: string;
  readonly outcome: ArOutcome;
  readonly detail?: string;
}
export interface EnrollMessage {
  readonly t: "enroll";
  readonly name: string;
  readonly groups: readonly string[];
  readonly password?: string;
  /** PEM PKCS#10 request; its subject is ignored, its key becomes the agent's identity. */
  readonly csr: string;
}
export interface EnrolledMessage {
  readonly t: "enrolled";
  readonly agentId: string;
  readonly name: string;
  /** PEM certificate issued to the agent, and the manager CA's certificate. */
  readonly cert: string;
  readonly ca: string;
}
/** A refusal with a stable code; the sender closes the channel right after it. */
export interface RefusedMessage {
  readonly t: "refused";
  readonly code: string;
  readonly message: string;
}

export type WireMessage =
  | HelloMessage | WelcomeMessage | EventsMessage | AckMessage | KeepaliveMessage
  | ArMessage | ArResultMessage | EnrollMessage | EnrolledMessage | RefusedMessage;
export type MessageKind = WireMessage["t"];

/** Bounds of the protocol (units in names). */
export const LIMITS = Object.freeze({
  maxItemsPerBatch: 5000,
  maxLogChars: 65536,
  maxLocationChars: 4096,
  maxPemChars: 16384,
  maxGroups: 32,
  maxDetailChars: 4096,
});

export const AGENT_ID = /^[0-9]{3,8}$/;
/** Wazuh agent names: letters, digits, `-`, `_`, `.`; at most 128. */
export const AGENT_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const GROUP = /^[A-Za-z0-9._-]{1,64}$/;
const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;
const QUEUES: ReadonlySet<string> = new Set(Object.values(Queue));

type Rec = Record<string, unknown>;
type Check = (m: Rec) => boolean;

const isRec = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number, re?: RegExp): boolean => typeof v === "string" && v.length <= max && (!re || re.test(v));
const int = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
const only = (m: Rec, keys: readonly string[]): boolean => Object.keys(m).every((k) => keys.includes(k));

const isItem = (v: unknown): boolean =>
  isRec(v) && only(v, ["location", "log", "queue"]) && str(v["location"], LIMITS.maxLocationChars) &&
  str(v["log"], LIMITS.maxLogChars) && typeof v["queue"] === "string" && QUEUES.has(v["queue"]);

const CHECKS: Readonly<Record<MessageKind, Check>> = {
  hello: (m) => only(m, ["t", "agentId", "name", "version", "spoolId", "dropped"]) && str(m["agentId"], 8, AGENT_ID) &&
    str(m["name"], 128, AGENT_NAME) && str(m["version"], 128, TOKEN) && str(m["spoolId"], 128, TOKEN) && int(m["dropped"], 0),
  welcome: (m) => only(m, ["t", "agentId", "ackedSeq", "keepaliveSec"]) && str(m["agentId"], 8, AGENT_ID) &&
    int(m["ackedSeq"], 0) && int(m["keepaliveSec"], 1, 3600),
  events: (m) => only(m, ["t", "firstSeq", "items"]) && int(m["firstSeq"], 1) && Array.isArray(m["items"]) &&
    m["items"].length >= 1 && m["items"].length <= LIMITS.maxItemsPerBatch && m["items"].every(isItem),
  ack: (m) => only(m, ["t", "seq"]) && int(m["seq"], 0),
  keepalive: (m) => only(m, ["t", "dropped"]) && (m["dropped"] === undefined || int(m["dropped"], 0)),
  ar: (m) => only(m, ["t", "id", "payload", "expiresAt"]) && str(m["id"], 128, TOKEN) && isRec(m["payload"]) && int(m["expiresAt"], 0),
  ar_result: (m) => only(m, ["t", "id", "outcome", "detail"]) && str(m["id"], 128, TOKEN) &&
    (AR_OUTCOMES as readonly unknown[]).includes(m["outcome"]) && (m["detail"] === undefined || str(m["detail"], LIMITS.maxDetailChars)),
  enroll: (m) => only(m, ["t", "name", "groups", "password", "csr"]) && str(m["name"], 128, AGENT_NAME) &&
    Array.isArray(m["groups"]) && m["groups"].length <= LIMITS.maxGroups && m["groups"].every((g) => str(g, 64, GROUP)) &&
    (m["password"] === undefined || str(m["password"], 1024)) && str(m["csr"], LIMITS.maxPemChars),
  enrolled: (m) => only(m, ["t", "agentId", "name", "cert", "ca"]) && str(m["agentId"], 8, AGENT_ID) &&
    str(m["name"], 128, AGENT_NAME) && str(m["cert"], LIMITS.maxPemChars) && str(m["ca"], LIMITS.maxPemChars),
  refused: (m) => only(m, ["t", "code", "message"]) && str(m["code"], 64, TOKEN) && str(m["message"], LIMITS.maxDetailChars),
};

/** Accepts `value` as a WireMessage only if it is exactly one valid kind; never throws. */
export function validateMessage(value: unknown): WireMessage | undefined {
  if (!isRec(value) || typeof value["t"] !== "string" || !Object.hasOwn(CHECKS, value["t"])) return undefined;
  return CHECKS[value["t"] as MessageKind](value) ? (value as unknown as WireMessage) : undefined;
}

/** Validates a group name list as the enroll message does (CLI --groups uses it). */
export function isValidGroup(name: string): boolean {
  return GROUP.test(name);
}
