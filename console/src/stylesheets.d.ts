// The console's stylesheet is imported for its side effect: esbuild bundles it beside the script.
declare module '*.css';
