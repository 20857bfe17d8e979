// Views import their own stylesheet for its side effect; Vite bundles it into the page's CSS.
declare module '*.css';
