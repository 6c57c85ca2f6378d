/**
 * The records that flow between stages (DESIGN §4), as discriminated shapes per stage:
 * a RawEvent (what a source read) becomes, after analysis, an Alert (Wazuh's JSON alert
 * shape, what outputs, the responder and the API consume).
 * Must not: import anything else of ours. Field names follow Wazuh where Wazuh has one.
 */

/** Wazuh queue ids (first character of analysisd's `Q:LOCATION:MESSAGE`). */
export const Queue = Object.freeze({ syslog: "1", syscheck: "8", eventchannel: "f" } as const);
export type Queue = (typeof Queue)[keyof typeof Queue];

/** One event as collected, before analysis. */
export interface RawEvent {
  /** Agent that collected it ("000" is the manager's own agent). */
  readonly agentId: string;
  readonly agentName: string;
  readonly agentIp?: string;
  /** Where the line came from, in Wazuh's form for agent events: `[001] (web01) 10.0.0.5->/var/log/secure`, or a plain path/`stdin`. */
  readonly location: string;
  /** The message itself (the log line, a JSON line, or a syscheck event body). */
  readonly log: string;
  readonly queue: Queue;
  /** When the manager (or logtest) received it, ms since epoch. */
  readonly receivedAt: number;
}

/** Wazuh MITRE block inside an alert's rule. */
export interface AlertMitre {
  readonly id: readonly string[];
  readonly tactic: readonly string[];
  readonly technique: readonly string[];
}

/** Wazuh's alert JSON (alerts.json): the subset Riposte produces, in Wazuh's key names. */
export interface Alert {
  readonly timestamp: string;
  readonly rule: {
    readonly level: number;
    readonly description: string;
    readonly id: string;
    readonly firedtimes: number;
    readonly mail: boolean;
    readonly groups: readonly string[];
    readonly mitre?: AlertMitre;
    readonly pci_dss?: readonly string[];
    readonly gdpr?: readonly string[];
    readonly hipaa?: readonly string[];
    readonly nist_800_53?: readonly string[];
    readonly tsc?: readonly string[];
    readonly gpg13?: readonly string[];
    readonly frequency?: number;
    /** Rule options that matter downstream (`no_ar` stops active response). */
    readonly options?: readonly string[];
  };
  readonly agent: { readonly id: string; readonly name: string; readonly ip?: string };
  readonly manager: { readonly name: string };
  /** `<epoch seconds>.<counter>` as Wazuh writes it. */
  readonly id: string;
  readonly full_log?: string;
  readonly predecoder?: { readonly program_name?: string; readonly timestamp?: string; readonly hostname?: string };
  readonly decoder?: { readonly name: string; readonly parent?: string };
  /** Decoded fields (srcip, srcuser, dstuser, url, … and dynamic ones), Wazuh nesting for dotted names. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly syscheck?: Readonly<Record<string, unknown>>;
  readonly location: string;
  readonly previous_output?: string;
}
