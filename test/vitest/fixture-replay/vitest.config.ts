// A user's vitest project checking a real claim against a broken trainer module.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['*.claims.ts'] } });
