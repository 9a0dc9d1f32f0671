import { describe, expect, it } from 'vitest';
import { renderTemplate } from './template';

describe('the report template language', () => {
  it('fills values, dotted names and sections from the view', () => {
    const view = { run: { leads: 400, quick: true }, who: 'ours' };
    expect(renderTemplate('{{who}}: {{run.leads}} leads{{#run.quick}} (quick){{/run.quick}}.', view)).toBe(
      'ours: 400 leads (quick).',
    );
    expect(renderTemplate('{{^run.quick}}full run{{/run.quick}}{{! a note }}', view)).toBe('');
  });

  it('renders a section once per item, inside the item, with the outer values still in reach', () => {
    const view = {
      unit: 'KB',
      bundles: [
        { name: 'ingest', kb: 298 },
        { name: 'docs', kb: 127 },
      ],
    };
    expect(renderTemplate('{{#bundles}}{{name}} {{kb}} {{unit}}; {{/bundles}}', view)).toBe(
      'ingest 298 KB; docs 127 KB; ',
    );
    expect(renderTemplate('{{^bundles}}none{{/bundles}}', { bundles: [] })).toBe('none');
  });

  it('treats zero, empty text and false as absent', () => {
    for (const failing of [0, '', false])
      expect(
        renderTemplate('{{#failing}}{{failing}} fail{{/failing}}{{^failing}}all pass{{/failing}}', { failing }),
      ).toBe('all pass');
  });

  it('refuses a name the view lacks and sections that do not close, so template and data cannot drift', () => {
    expect(() => renderTemplate('{{missing}}', {})).toThrow(/no value for \{\{missing\}\}/);
    expect(() => renderTemplate('{{#a.b}}x{{/a.b}}', { a: {} })).toThrow(/no value for \{\{a\.b\}\}/);
    expect(() => renderTemplate('{{#a}}x', { a: true })).toThrow(/never closed/);
    expect(() => renderTemplate('{{#a}}x{{/b}}', { a: true })).toThrow(/closes/);
    expect(() => renderTemplate('{{a}}', { a: { b: 1 } })).toThrow(/is a object/);
  });
});
