import { describe } from 'vitest';
import { syncCases } from './sync-cases.js';

describe('lib file sync against lib serve (hal)', () => syncCases('hal'));
