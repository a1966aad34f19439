export * from './html.js';
export * from './run-report.js';
