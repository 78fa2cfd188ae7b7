import type { ReportData } from "./report-data.ts";

export function renderReportHtml(data: ReportData): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${data.title}</title></head><body><pre>${JSON.stringify(data.verdict)}</pre></body></html>`;
}
