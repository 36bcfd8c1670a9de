import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const apiOrigin = "http://localhost:4000";

export default defineConfig({
  plugins: [react()],
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
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: a chunk of their own stays cached across deploys.
        codeSplitting: { groups: [{ name: "vendor", test: /[\\/]node_modules[\\/]/ }] },
      },
    },
  },
});
