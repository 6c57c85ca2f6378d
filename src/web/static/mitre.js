// MITRE ATT&CK names for the technique ids Riposte's ruleset and common Wazuh rules use, so
// the rule detail shows "T1110 Brute Force (Credential Access)" without internet access. An
// alert that carries its own technique and tactic names (Wazuh's) is shown as it comes.

const TECHNIQUES = {
  T1021: ["Remote Services", "Lateral Movement"],
  "T1021.004": ["Remote Services: SSH", "Lateral Movement"],
  T1059: ["Command and Scripting Interpreter", "Execution"],
  "T1059.004": ["Command and Scripting Interpreter: Unix Shell", "Execution"],
  "T1059.007": ["Command and Scripting Interpreter: JavaScript", "Execution"],
  T1068: ["Exploitation for Privilege Escalation", "Privilege Escalation"],
  T1070: ["Indicator Removal", "Defense Evasion"],
  "T1070.004": ["Indicator Removal: File Deletion", "Defense Evasion"],
  T1078: ["Valid Accounts", "Defense Evasion, Persistence, Privilege Escalation, Initial Access"],
  "T1078.003": ["Valid Accounts: Local Accounts", "Defense Evasion, Persistence, Privilege Escalation, Initial Access"],
  T1098: ["Account Manipulation", "Persistence, Privilege Escalation"],
  T1105: ["Ingress Tool Transfer", "Command and Control"],
  T1110: ["Brute Force", "Credential Access"],
  "T1110.001": ["Brute Force: Password Guessing", "Credential Access"],
  "T1110.003": ["Brute Force: Password Spraying", "Credential Access"],
  "T1110.004": ["Brute Force: Credential Stuffing", "Credential Access"],
  T1136: ["Create Account", "Persistence"],
  "T1136.001": ["Create Account: Local Account", "Persistence"],
  T1190: ["Exploit Public-Facing Application", "Initial Access"],
  T1485: ["Data Destruction", "Impact"],
  T1499: ["Endpoint Denial of Service", "Impact"],
  "T1499.002": ["Endpoint Denial of Service: Service Exhaustion Flood", "Impact"],
  T1531: ["Account Access Removal", "Impact"],
  T1548: ["Abuse Elevation Control Mechanism", "Privilege Escalation, Defense Evasion"],
  "T1548.003": ["Abuse Elevation Control Mechanism: Sudo and Sudo Caching", "Privilege Escalation, Defense Evasion"],
  T1565: ["Data Manipulation", "Impact"],
  "T1565.001": ["Data Manipulation: Stored Data Manipulation", "Impact"],
  T1595: ["Active Scanning", "Reconnaissance"],
  "T1595.002": ["Active Scanning: Vulnerability Scanning", "Reconnaissance"],
  "T1595.003": ["Active Scanning: Wordlist Scanning", "Reconnaissance"],
};

/** [{id, technique, tactic}] for an alert's rule.mitre block. */
export function describeMitre(mitre) {
  if (!mitre || !Array.isArray(mitre.id)) return [];
  return mitre.id.map((id, i) => {
    const known = TECHNIQUES[id] ?? TECHNIQUES[String(id).split(".")[0]];
    return {
      id,
      technique: mitre.technique?.[i] ?? known?.[0] ?? "",
      tactic: (mitre.tactic?.length ? mitre.tactic.join(", ") : known?.[1]) ?? "",
    };
  });
}
