import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { compression } from "vite-plugin-compression2";

const apiOrigin = "http://localhost:4000";

const LAZY_LIBRARIES_EXCEPTED =
  /[\\/]node_modules[\\/](?!(hls\.js|recharts|victory-vendor|d3-[^\\/]+|internmap|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|decimal\.js-light|es-toolkit|eventemitter3|tiny-invariant)[\\/])/;

export default defineConfig({
  plugins: [
    react(),
    // A brotli and a gzip copy beside each text file, made once here: the server sends the copy a
    // browser accepts (server/src/platform/web-client.ts) and compresses nothing per request.
    compression({ algorithms: ["brotliCompress", "gzip"], threshold: 1024, logLevel: "silent" }),
  ],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/graphql": { target: apiOrigin, ws: true },
      "/media": apiOrigin,
      "/healthz": apiOrigin,
    },
  },
  build: {
    target: "es2022",
    // The libraries' chunk is ~600 kB raw, ~180 kB as brotli; the limit that counts is the gzipped
    // JavaScript of a first visit (scripts/checkBundleBudget.mjs), so Vite's raw-size notice stays quiet.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: a chunk of their own stays cached across deploys.
        // The charts (recharts and what only it uses) stay with the analytics page's lazy chunk, and
        // hls.js in its own, loaded by the player only for a browser without native HLS: in the
        // libraries' chunk they would weigh on every first visit.
        codeSplitting: { groups: [{ name: "vendor", test: LAZY_LIBRARIES_EXCEPTED }] },
      },
    },
  },
});
