import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server (`loom server`) serves dist/ at `/` and the API at `/api` from one origin.
// Routes are hash routes, so only index.html and assets/ need serving.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:5080', changeOrigin: false },
    },
  },
});
