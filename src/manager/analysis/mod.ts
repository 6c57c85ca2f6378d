/** Analysis: the Analyzer seam and the worker that drains the intake journal into it. */
export { buildEngineAnalyzer, type EngineAnalyzerOptions } from "./engine_analyzer.ts";
export { AnalysisWorker, type AnalysisStats, type AnalysisWorkerDeps } from "./analysis_worker.ts";
export { wazuhLocation, type Analyzer } from "./analyzer.ts";
