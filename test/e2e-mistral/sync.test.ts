import { describe } from 'vitest';
import { syncCases } from '../e2e-hal/sync-cases.js';

describe('lib file sync against lib serve (mistral)', () => syncCases('mistral'));
