// What an admin pastes elsewhere to connect a source: an HTML form for a web page.

/** Escapes text for an HTML attribute value in double quotes. */
export function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * A ready HTML form that posts to the source's webhook: the fields leadrouter reads, and the
 * honeypot field (hidden from people) when the source has one.
 */
export function formSnippet(source: { webhookUrl: string; honeypotField?: string }): string {
  const lines = [
    `<form method="post" action="${escapeAttribute(source.webhookUrl)}">`,
    '  <label>Name <input name="name" autocomplete="name" required></label>',
    '  <label>Email <input name="email" type="email" autocomplete="email" required></label>',
    '  <label>Phone <input name="phone" type="tel" autocomplete="tel"></label>',
    '  <label>Company <input name="company" autocomplete="organization"></label>',
    '  <label>Message <textarea name="message"></textarea></label>',
  ];
  if (source.honeypotField) {
    lines.push(
      '  <!-- Left empty by people; bots that fill it are answered as usual and dropped. -->',
      `  <input name="${escapeAttribute(source.honeypotField)}" tabindex="-1" autocomplete="off" aria-hidden="true" style="position:absolute;left:-10000px">`,
    );
  }
  lines.push('  <button type="submit">Send</button>', '</form>');
  return lines.join('\n');
}

/** A random secret of `bytes` bytes, URL-safe, made in the browser (never sent anywhere but the API). */
export function randomSecret(bytes = 32): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}
