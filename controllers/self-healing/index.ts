export * from './outlier-detection.js';
export * from './self-healing-controller.js';
