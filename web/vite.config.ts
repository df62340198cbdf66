import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { input: { storefront: resolve(__dirname, 'index.html'), dashboard: resolve(__dirname, 'dashboard.html'), vendor: resolve(__dirname, 'vendor.html') } },
  },
});
