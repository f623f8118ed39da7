// The coordinator console's API shapes (docs/console-api.md): shared by the console's browser
// app (src/console) and the server (src/server/console) as the single source.
export * from './auth';
export * from './records';
export * from './admin';
