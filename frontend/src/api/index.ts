// Package api is the only module that talks to the Go backend: it wraps the
// generated Wails bindings and runtime in typed functions, turns every
// rejection into an AppError, and names the types the rest of the UI uses
// (the generated models where they fit). One module per feature; import
// from "../api", this index.
export * from "./agents";
export * from "./asof";
export * from "./core";
export * from "./daily";
export * from "./events";
export * from "./graph";
export * from "./notes";
export * from "./search";
export * from "./settings";
export * from "./system";
export * from "./transfer";
export * from "./vault";
export * from "./sync";
