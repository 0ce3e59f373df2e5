import { describe, expect, it } from 'vitest';
import { configFrom } from '../src/config.js';
import { configError } from './helpers/config-error.js';

const MESSAGE = 'REDIS_URL must be a redis:// or rediss:// URL with a host, like redis://127.0.0.1:6379 or redis://127.0.0.1:6379/2';

describe('REDIS_URL', () => {
  it.each(['127.0.0.1:6379', 'localhost', 'redis-host:6379/1', 'http://127.0.0.1:6379', 'redis://127.0.0.1:6379/db2', 'redis://'])(
    '%s is a config error, not a silent connection to DB 0 somewhere',
    (value) => {
      expect(configError({ REDIS_URL: value })).toContain(MESSAGE);
    },
  );

  it('never echoes the value, which may hold the password', () => {
    expect(configError({ REDIS_URL: 'hunter2-password@redis-host:6379' })).not.toContain('hunter2');
  });

  it.each(['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379/3', 'rediss://user:secret@redis.example.net:6380', 'REDIS://localhost'])('%s is accepted', (value) => {
    expect(configFrom({ REDIS_URL: value }).redisUrl).toBe(value);
  });

  it('defaults to the local server', () => {
    expect(configFrom({}).redisUrl).toBe('redis://127.0.0.1:6379');
  });
});
