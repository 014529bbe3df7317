import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  root: 'web',
  plugins: [
    svelte(),
    // Brotli and gzip copies next to each file, made once at build time; the server sends the
    // one the browser takes (phones on school Wi-Fi download a third of the bytes).
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 512 }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
