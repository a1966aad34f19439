export * from './governed-controller.js';
