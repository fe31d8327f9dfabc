/**
 * Made-up personal data that passes the checks real systems make: card
 * numbers with a valid Luhn digit, IBANs with valid check digits, emails.
 * They look real to a validator and a regex, which is the point of bait.
 *
 * Card numbers start with test-card prefixes (Visa 400000…, Mastercard
 * 555555… and 222300…); emails use the domains reserved for documentation
 * (RFC 2606), so no generated value belongs to anybody.
 */
import type { Random } from './random.ts';

const CARD_PREFIXES = ['400000', '555555', '222300'] as const;
const EMAIL_NAMES = ['jane.doe', 'sam.patel', 'alex_smith', 'chris.okafor', 'morgan.li', 'r.evans'] as const;
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

/** The Luhn check digit for `payload` (all digits but the last). */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    // Double every second digit counting from the right of the payload, which is the left of the check digit.
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A 16-digit card number with a valid Luhn digit, written in groups of four (spaces or hyphens) or as one run. */
export function cardNumber(random: Random): { value: string; digits: string } {
  let payload: string = random.pick(CARD_PREFIXES);
  while (payload.length < 15) payload += String(random.int(10));
  const digits = payload + String(luhnCheckDigit(payload));
  const separator = random.pick([' ', ' ', '-', '']);
  return { value: digits.match(/\d{4}/g)!.join(separator), digits };
}

/** ISO 13616 check digits for a country code and BBAN (mod 97 over the rearranged digits). */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.toUpperCase();
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

/**
 * A UK IBAN (GB, 4-letter bank code, 6-digit sort code, 8-digit account)
 * with valid check digits, printed in groups of four or as one run.
 */
export function iban(random: Random): { value: string; compact: string } {
  let bank = '';
  for (let i = 0; i < 4; i++) bank += String.fromCharCode(65 + random.int(26));
  let numbers = '';
  for (let i = 0; i < 14; i++) numbers += String(random.int(10));
  const bban = bank + numbers;
  const compact = `GB${ibanCheckDigits('GB', bban)}${bban}`;
  return { value: random.chance(0.5) ? compact.match(/.{1,4}/g)!.join(' ') : compact, compact };
}

export function email(random: Random): string {
  return `${random.pick(EMAIL_NAMES)}${random.int(100)}@${random.pick(EMAIL_DOMAINS)}`;
}
