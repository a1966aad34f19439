export * from './target-utilization.js';
export * from './step-scaling.js';
export * from './hpa-controller.js';
