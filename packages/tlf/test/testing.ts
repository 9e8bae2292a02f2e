/** The tlf package's testing front door (`@trialforge/tlf/testing`): fixtures and PDF/RTF tools for other test rings. */
export { makeAdamFixture, makeDataset } from "./adam-fixture.ts";
export { hasLibreoffice, hasPdftotext, numbers, pdfPages, rtfBodyRows, rtfToPdf, tmp } from "./tools.ts";
