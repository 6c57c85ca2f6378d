/**
 * Decoder names analysisd registers internally (no XML: syscheck, rootcheck, hostinfo,
 * syscollector, CIS-CAT, SCA, event channel…). Rules may name them in `<decoded_as>`; they
 * load, and match only events decoded under those names.
 */
export const BUILTIN_DECODER_NAMES: readonly string[] = [
  "rootcheck",
  "syscheck_integrity_changed",
  "syscheck_deleted",
  "syscheck_new_entry",
  "syscheck_registry_key_modified",
  "syscheck_registry_key_deleted",
  "syscheck_registry_key_added",
  "syscheck_registry_value_modified",
  "syscheck_registry_value_deleted",
  "syscheck_registry_value_added",
  "hostinfo_modified",
  "hostinfo_new",
  "syscollector",
  "ciscat",
  "sca",
  "windows_eventchannel",
  "dbsync",
  "upgrade",
  "task_manager",
];
