// Email domains for named accounts. A lead's domain matches the most specific row among the
// domain and its parents ("eu.sales.acme.co.uk" → "sales.acme.co.uk" → "acme.co.uk"), so
// subdomains fold to the account's domain without a public-suffix list on the routing path:
// the rows themselves say which domains are accounts. A full list (tldts) would add about
// 85 KB to a bundle already over its size budget; the short list below only keeps rows from
// naming a public suffix, and parents from being tried past one.

/** Multi-part public suffixes under which people register company domains (not exhaustive). */
const MULTI_PART_SUFFIXES = new Set([
  'co.uk',
  'org.uk',
  'me.uk',
  'ltd.uk',
  'plc.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'net.au',
  'org.au',
  'edu.au',
  'gov.au',
  'co.nz',
  'org.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'co.kr',
  'or.kr',
  'co.in',
  'net.in',
  'org.in',
  'co.za',
  'org.za',
  'co.il',
  'co.id',
  'co.th',
  'com.br',
  'net.br',
  'org.br',
  'com.mx',
  'com.ar',
  'com.co',
  'com.pe',
  'com.cn',
  'net.cn',
  'org.cn',
  'com.hk',
  'com.tw',
  'com.sg',
  'com.my',
  'com.ph',
  'com.tr',
  'com.sa',
  'com.eg',
  'com.ng',
  'com.pk',
  'com.vn',
  'com.ua',
  'com.pl',
  'co.at',
  'or.at',
]);

/**
 * Free-mail providers: an address there says nothing about the company, so it never
 * matches an account, and a row may not name one. Country variants of the large providers
 * are listed one by one.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.it',
  'hotmail.es',
  'live.com',
  'live.co.uk',
  'live.fr',
  'live.de',
  'msn.com',
  'outlook.fr',
  'outlook.de',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'yahoo.it',
  'yahoo.ca',
  'yahoo.com.au',
  'yahoo.co.jp',
  'yahoo.co.in',
  'yahoo.com.br',
  'ymail.com',
  'rocketmail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  't-online.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'fastmail.com',
  'tutanota.com',
  'hey.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'comcast.net',
  'att.net',
  'verizon.net',
]);

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A domain as a key: lower case, without a leading `@` or `www.`, international names in
 * their ASCII form (`bücher.de` → `xn--bcher-kva.de`). Undefined when it is not a domain
 * name of at least two labels.
 */
export function domainKey(text: string): string | undefined {
  let domain = text.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  if (domain.startsWith('www.')) domain = domain.slice(4);
  if (domain === '' || /[\s/@:?#]/.test(domain)) return undefined;
  try {
    domain = new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) return undefined;
  return domain;
}

/** The domain of an email address, as a key; undefined for anything else. */
export function emailDomainKey(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return at > 0 ? domainKey(email.slice(at + 1)) : undefined;
}

/** Whether a domain is a public suffix a company cannot own (`co.uk`, `com`). */
export function isPublicSuffix(domain: string): boolean {
  return !domain.includes('.') || MULTI_PART_SUFFIXES.has(domain);
}

/** Whether a domain is, or is under, a free-mail provider's. */
export function isFreeMail(domain: string): boolean {
  return parentDomains(domain).some((d) => FREE_MAIL_DOMAINS.has(d));
}

/**
 * The domain and its parents, most specific first, stopping before a public suffix:
 * `a.b.acme.co.uk` → `a.b.acme.co.uk`, `b.acme.co.uk`, `acme.co.uk`. At most the six least
 * specific, so a deep name still reaches its registrable domain.
 */
export function parentDomains(domain: string): string[] {
  const labels = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    if (isPublicSuffix(candidate)) break;
    out.push(candidate);
  }
  return out.slice(-6);
}
