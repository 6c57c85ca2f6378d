/** The durable intake journal (exactly-once hand-over to analysis). */
export { IntakeJournal, type AcceptResult, type IntakeAgent, type JournalRow } from "./intake_journal.ts";
