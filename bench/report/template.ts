// A small logic-less template language for the report, so its prose lives in a Markdown
// file and its figures come from the run: `{{name}}` inserts a value, `{{#name}}…{{/name}}`
// renders its body when the value is truthy (once per item for a list, inside the item for
// an object), `{{^name}}…{{/name}}` when it is falsy or an empty list, `{{! note }}` is a
// comment. Names may be dotted (`machine.cpus`). A name with no value is an error, so the
// template and the data cannot drift apart silently. Pure.

export type TemplateValue = string | number | boolean | null | undefined | TemplateScope | TemplateValue[];
export interface TemplateScope {
  [name: string]: TemplateValue;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

const TAG = /\{\{([#^/!]?)\s*([^}]*?)\s*\}\}/g;

/** Fills `template` from `view`; throws on a name the view lacks or on unbalanced sections. */
export function renderTemplate(template: string, view: TemplateScope): string {
  return renderNodes(parse(template), [view]);
}

function parse(template: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  let last = 0;
  for (const match of template.matchAll(TAG)) {
    const [tag, sigil, name] = match as unknown as [string, string, string];
    const here = stack[stack.length - 1]!;
    here.children.push({ kind: 'text', text: template.slice(last, match.index) });
    last = match.index + tag.length;
    if (sigil === '!') continue;
    if (sigil === '#' || sigil === '^') {
      const section: Node = { kind: 'section', name, inverted: sigil === '^', children: [] };
      here.children.push(section);
      stack.push({ name, children: section.children });
    } else if (sigil === '/') {
      if (stack.length === 1 || here.name !== name)
        throw new Error(`template: {{/${name}}} closes ${stack.length === 1 ? 'nothing' : `{{#${here.name}}}`}`);
      stack.pop();
    } else here.children.push({ kind: 'value', name });
  }
  if (stack.length > 1) throw new Error(`template: {{#${stack[stack.length - 1]!.name}}} is never closed`);
  root.push({ kind: 'text', text: template.slice(last) });
  return root;
}

function renderNodes(nodes: readonly Node[], scopes: readonly TemplateScope[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'value') {
      const value = lookup(node.name, scopes);
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new Error(`template: {{${node.name}}} is ${value === undefined ? 'missing' : `a ${typeof value}`}`);
      out += String(value);
    } else {
      const value = lookup(node.name, scopes);
      const items = Array.isArray(value) ? value : value ? [value] : [];
      if (node.inverted) {
        if (!items.length) out += renderNodes(node.children, scopes);
        continue;
      }
      for (const item of items) out += renderNodes(node.children, isScope(item) ? [item, ...scopes] : scopes);
    }
  }
  return out;
}

function lookup(name: string, scopes: readonly TemplateScope[]): TemplateValue {
  const [head, ...rest] = name.split('.');
  const scope = scopes.find((s) => head! in s);
  if (!scope) throw new Error(`template: no value for {{${name}}}`);
  let value: TemplateValue = scope[head!];
  for (const part of rest) {
    if (!isScope(value) || !(part in value)) throw new Error(`template: no value for {{${name}}}`);
    value = value[part];
  }
  return value;
}

function isScope(value: TemplateValue): value is TemplateScope {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
