import {
  interchangeFormats,
  type ExportResult,
  type ImportOptions,
  type ImportResult,
  type InterchangeFormat,
  type RubricInterchange,
} from "../grading/rubric-interchange.js";
import type { RubricDocument } from "../grading/rubric.js";
import { exportCanvasCsv, importCanvasCsv } from "./canvas-csv.js";
import { exportMoodleGuide, importMoodleGuide } from "./moodle-guide.js";
import { exportMoodleRubric, importMoodleRubric } from "./moodle-rubric.js";

/**
 * Rubric import and export in the formats teachers' LMSs use: Canvas's rubric CSV, and Moodle's
 * rubric and marking guide definitions (the grading.xml of an activity backup). Pure functions over
 * text: no I/O. Mappings and warnings: docs/rubric-format.md, "Import and export".
 */
export function createRubricInterchange(): RubricInterchange {
  const importers: Record<
    InterchangeFormat,
    (input: Uint8Array | string, options: ImportOptions) => ImportResult
  > = {
    "canvas-csv": importCanvasCsv,
    "moodle-rubric": importMoodleRubric,
    "moodle-guide": importMoodleGuide,
  };
  const exporters: Record<InterchangeFormat, (rubric: RubricDocument) => ExportResult> = {
    "canvas-csv": exportCanvasCsv,
    "moodle-rubric": exportMoodleRubric,
    "moodle-guide": exportMoodleGuide,
  };
  return {
    formats: interchangeFormats,
    importRubric: (format, input, options) => importers[format](input, options),
    exportRubric: (format, rubric) => exporters[format](rubric),
  };
}
