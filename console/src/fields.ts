// Forms whose fields show the API's errors beside them (by `details[].path`), with a summary
// at the top that takes focus and links to each field.
import { html } from 'htm/preact';
import { type ComponentChildren, createContext } from 'preact';
import { useContext, useEffect, useRef } from 'preact/hooks';
import { type FormErrors, fieldId, NO_ERRORS } from './form-errors';

interface FormState {
  form: string;
  errors: FormErrors;
}
const FormContext = createContext<FormState>({ form: 'form', errors: NO_ERRORS });

/**
 * A form whose submit calls `onSubmit`; the API's errors (set by the caller) show in a
 * summary at the top and beside each field named by their path.
 */
export function Form(props: {
  id: string;
  label: string;
  errors: FormErrors;
  onSubmit: () => void;
  /** Reads the item again, for an edit refused because someone changed it meanwhile (412). */
  onReload?: () => void;
  children?: ComponentChildren;
  class?: string;
}) {
  return html`<form
    id=${props.id}
    class=${props.class ?? 'form'}
    aria-label=${props.label}
    novalidate
    onSubmit=${(event: Event) => {
      event.preventDefault();
      props.onSubmit();
    }}
  >
    <${FormContext.Provider} value=${{ form: props.id, errors: props.errors }}>
      <${ErrorSummary} onReload=${props.onReload} />
      ${props.children}
    <//>
  </form>`;
}

function ErrorSummary(props: { onReload?: () => void }) {
  const { form, errors } = useContext(FormContext);
  const box = useRef<HTMLDivElement>(null);
  const paths = Object.keys(errors.byPath);
  const shown = Boolean(errors.general) || paths.length > 0;
  useEffect(() => {
    if (shown) box.current?.focus();
  }, [errors]);
  if (!shown) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1" ref=${box}>
    <p><strong>${errors.general ?? 'Please check the fields below.'}</strong></p>
    ${
      paths.length
        ? html`<ul>
          ${paths.map(
            (path) =>
              html`<li>
                <button type="button" class="link" onClick=${() => document.getElementById(fieldId(form, path))?.focus()}>
                  ${path}
                </button>: ${errors.byPath[path]}
              </li>`,
          )}
        </ul>`
        : null
    }
    ${
      errors.stale && props.onReload
        ? html`<p><button type="button" class="secondary" onClick=${props.onReload}>Load their version</button></p>`
        : null
    }
  </div>`;
}

/** The id, error and ARIA attributes of the field at `path` in the enclosing form. */
function useField(path: string, hint?: string) {
  const { form, errors } = useContext(FormContext);
  const id = fieldId(form, path);
  const error = errors.byPath[path];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    error,
    aria: { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy || undefined },
    hintNode: hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : null,
    errorNode: error ? html`<span class="field-error" id=${`${id}-error`}>${error}</span>` : null,
  };
}

/** The API's message for `path`, where no input stands for it (a list as a whole). */
export function FieldError(props: { path: string }) {
  const { form, errors } = useContext(FormContext);
  const error = errors.byPath[props.path];
  if (!error) return null;
  return html`<p class="field-error" id=${fieldId(form, props.path)} tabindex="-1">${error}</p>`;
}

export function TextField(props: {
  path: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  list?: string;
  inputmode?: string;
  placeholder?: string;
  readOnly?: boolean;
  compact?: boolean;
}) {
  const field = useField(props.path, props.hint);
  return html`<div class=${`field${props.compact ? ' compact' : ''}${field.error ? ' invalid' : ''}`}>
    <label for=${field.id}>${props.label}${props.required ? html`<span class="required" aria-hidden="true"> *</span>` : null}</label>
    ${field.hintNode}
    <input
      id=${field.id}
      type=${props.type ?? 'text'}
      value=${props.value}
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      required=${props.required}
      aria-required=${props.required ? 'true' : undefined}
      autocomplete=${props.autocomplete ?? 'off'}
      list=${props.list}
      inputmode=${props.inputmode}
      placeholder=${props.placeholder}
      readonly=${props.readOnly}
      spellcheck="false"
      ...${field.aria}
    />
    ${field.errorNode}
  </div>`;
}

export function TextAreaField(props: {
  path: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  rows?: number;
}) {
  const field = useField(props.path, props.hint);
  return html`<div class=${`field${field.error ? ' invalid' : ''}`}>
    <label for=${field.id}>${props.label}</label>
    ${field.hintNode}
    <textarea
      id=${field.id}
      rows=${props.rows ?? 4}
      value=${props.value}
      spellcheck="false"
      onInput=${(e: Event) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)}
      ...${field.aria}
    ></textarea>
    ${field.errorNode}
  </div>`;
}

export function SelectField(props: {
  path: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
  hint?: string;
  compact?: boolean;
}) {
  const field = useField(props.path, props.hint);
  return html`<div class=${`field${props.compact ? ' compact' : ''}${field.error ? ' invalid' : ''}`}>
    <label for=${field.id}>${props.label}</label>
    ${field.hintNode}
    <select
      id=${field.id}
      value=${props.value}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      ...${field.aria}
    >
      ${props.options.map(([value, text]) => html`<option value=${value} selected=${value === props.value}>${text}</option>`)}
    </select>
    ${field.errorNode}
  </div>`;
}

export function CheckField(props: {
  path: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const field = useField(props.path, props.hint);
  return html`<div class=${`field check${field.error ? ' invalid' : ''}`}>
    <input
      id=${field.id}
      type="checkbox"
      checked=${props.checked}
      onChange=${(e: Event) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      ...${field.aria}
    />
    <label for=${field.id}>${props.label}</label>
    ${field.hintNode} ${field.errorNode}
  </div>`;
}

/** A set of checkboxes for a list of values (days, channels). */
export function CheckGroup(props: {
  path: string;
  legend: string;
  values: readonly string[];
  labels?: Record<string, string>;
  checked: readonly string[];
  onChange: (checked: string[]) => void;
}) {
  const field = useField(props.path);
  return html`<fieldset class=${`check-group${field.error ? ' invalid' : ''}`} id=${field.id} aria-describedby=${field.aria['aria-describedby']}>
    <legend>${props.legend}</legend>
    ${props.values.map((value) => {
      const id = `${field.id}-${value}`;
      const on = props.checked.includes(value);
      return html`<span class="check-item">
        <input
          id=${id}
          type="checkbox"
          checked=${on}
          onChange=${() => props.onChange(on ? props.checked.filter((v) => v !== value) : [...props.checked, value])}
        />
        <label for=${id}>${props.labels?.[value] ?? value}</label>
      </span>`;
    })}
    ${field.errorNode}
  </fieldset>`;
}
