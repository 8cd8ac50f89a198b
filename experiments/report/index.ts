// The experiment output layer: atomic files, CSV, charts (Vega-Lite → SVG → PNG), Markdown and
// self-contained HTML reports. Experiments build an ExperimentOut per experiment and hand the
// run to writeReport.

export { writeFileAtomic, ensureWritableDir, OutputDirError } from './atomic.js';
export type { AtomicData } from './atomic.js';
export { writeCsv, toCsv, csvChunks, checkRow, formatCsvNumber } from './csv.js';
export {
  CHART_FONT, withReportConfig, specToJson, compileSpec, renderSvg, svgToPng, renderChart, writeChart,
  chartFontFiles,
} from './charts.js';
export type { VlSpec, RenderedChart, ChartFiles } from './charts.js';
export { lineChart, barChart, matrixChart, STATUS_COLORS } from './specs.js';
export type { XYChartOptions, LineChartOptions, BarChartOptions, MatrixChartOptions } from './specs.js';
export { formatNumber, formatCell, escapeHtml } from './format.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { writeReport } from './report.js';
export type { ReportResult } from './report.js';
export { validateRun } from './types.js';
export type { ChartOut, ExperimentOut, RunReport } from './types.js';
