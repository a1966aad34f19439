export * from './target-utilization.js';
