// Vite bundles a CSS file a view imports for its side effect (its styles); nothing is exported.
declare module '*.css';
