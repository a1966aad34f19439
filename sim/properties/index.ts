export * from './property.js';
export * from './expression.js';
export * from './data-property.js';
export * from './monitor.js';
