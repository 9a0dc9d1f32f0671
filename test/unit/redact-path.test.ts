import { describe, expect, it } from 'vitest';
import { redactPath } from '../../functions/http/redact-path';

describe('redactPath', () => {
  it.each([
    ['/hooks/whk_secretKey123', '/hooks/***'],
    ['/hooks/whk_secretKey123?hub.verify_token=v&hub.challenge=1', '/hooks/***'],
    ['/l/v1.eyJsZWFk.c2ln', '/l/***'],
    ['/q/v1.token/take/01HLEAD', '/q/***/take/01HLEAD'],
    ['/q/v1.token/leads', '/q/***/leads'],
    ['/x/../l/v1.token', '/x/../l/***'],
    ['/HOOKS/key', '/HOOKS/***'],
    ['http://a:99999/hooks/key', '/hooks/***'],
    ['/admin/leads/01HLEAD?cursor=abc', '/admin/leads/01HLEAD'],
    ['/health\r\nX: y', '/health??X: y'],
  ])('shows %j as %j', (path, shown) => {
    expect(redactPath(path)).toBe(shown);
  });
});
