import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENTRIES } from '../../lib/bundling';

const out = mkdtempSync(join(tmpdir(), 'leadrouter-synth-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npx cdk synth', () => {
  it('works offline with no AWS credentials, bundling every function, with the web firewall and an alarm email', () => {
    const env = { ...process.env };
    for (const name of Object.keys(env))
      if (name.startsWith('AWS_') || name.startsWith('CDK_DEFAULT')) delete env[name];
    const settings = ['-c', 'nag=true', '-c', 'waf=true', '-c', 'alarmEmail=ops@example.com'];
    execFileSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', out, ...settings], {
      env: { ...env, CI: 'true' },
      stdio: 'pipe',
      timeout: 120_000,
    });
    const template = JSON.parse(readFileSync(join(out, 'LeadRouter.template.json'), 'utf8'));
    const functions = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::WAFv2::WebACL', 'AWS::CloudFront::Distribution']));
    expect(JSON.stringify(template)).toContain('ops@example.com');
    const bundles = readdirSync(out)
      .filter((name) => name.startsWith('asset.'))
      .map((dir) => join(out, dir, 'index.mjs'));
    expect(bundles).toHaveLength(Object.keys(FUNCTION_ENTRIES).length);
    for (const bundle of bundles) expect(statSync(bundle).size).toBeGreaterThan(10_000);
    // The docs function carries the console, built beside its bundle.
    const consoles = bundles.filter((bundle) => existsSync(join(dirname(bundle), 'console', 'index.html')));
    expect(consoles).toHaveLength(1);
  }, 180_000);
});
