// The vulnerability map (pemetaan kerentanan): indicator catalogue, facts of a record, small-count
// suppression and the console API shapes. Pure: zod and src/domain only.
export * from './indicators';
export * from './facts';
export * from './suppression';
export * from './api';
