/**
 * The banking vocabulary the near-miss generator swaps out, and what it puts
 * in its place. Each term is a noun phrase (or the verb "pay") that carries
 * the banking meaning of an example; each replacement is something a bank's
 * assistant does not handle, chosen to fit the same place in the sentence
 * (same grammatical number, a mass noun after "how much").
 *
 * Two ways to replace a term:
 * - `object`: an everyday thing instead ("my card" -> "my umbrella");
 * - `qualified`: the same noun, made to belong to something else ("my card"
 *   -> "my library card", "my account" -> "my Netflix account"): the nearest
 *   miss, sharing even the noun with the examples.
 * English only, like the rest of the built-in vocabulary.
 */

/** Grammatical number of a term, so that replacements agree with the verb that follows. */
export type TermNumber = 'one' | 'many' | 'mass';

export interface TermCategory {
  readonly objects: Readonly<Record<TermNumber, readonly string[]>>;
  /** Qualified forms, by number; empty where no qualifier keeps the phrase natural and out of the domain. */
  readonly qualified: Readonly<Record<TermNumber, readonly string[]>>;
}

const none: Readonly<Record<TermNumber, readonly string[]>> = { one: [], many: [], mass: [] };

/** Mass nouns that fit "how much … have I got"; plural nouns fit everywhere else a mass noun stands ("send some …"). */
export const HOW_MUCH_NOUNS = ['mobile data', 'petrol', 'holiday leave', 'coffee'] as const;

export const CATEGORIES = {
  card: {
    objects: { one: ['umbrella', 'passport', 'phone', 'coat', 'library book'], many: ['umbrellas', 'gloves', 'library books', 'house keys'], mass: [] },
    qualified: { one: ['library card', 'Oyster card', 'Nectar card', 'birthday card', 'gym card'], many: ['library cards', 'Oyster cards', 'birthday cards'], mass: [] },
  },
  holder: {
    objects: { one: ['bike', 'suitcase', 'umbrella', 'scarf', 'guitar'], many: ['bikes', 'suitcases', 'umbrellas'], mass: [] },
    qualified: none,
  },
  account: {
    objects: { one: ['gym membership', 'phone contract', 'library membership'], many: ['gym memberships', 'phone contracts'], mass: [] },
    qualified: { one: ['Netflix account', 'Spotify account', 'email account', 'Instagram account'], many: ['Netflix accounts', 'email accounts'], mass: [] },
  },
  balance: {
    objects: { one: ['screen time', 'step count', 'blood pressure', 'phone battery', 'horoscope'], many: [], mass: [] },
    qualified: { one: ['Nectar points balance', 'Oyster card balance', 'Steam wallet balance'], many: [], mass: [] },
  },
  money: {
    objects: { one: [], many: [], mass: ['photos', 'books', 'flowers', 'files', 'old clothes'] },
    qualified: none,
  },
  income: {
    objects: { one: ['parcel', 'shopping delivery', 'new sofa'], many: ['parcels', 'groceries'], mass: [] },
    qualified: none,
  },
  payment: {
    objects: {
      one: ['parking ticket', 'parcel delivery', 'restaurant booking', 'text message', 'speeding fine'],
      many: ['parking tickets', 'parcel deliveries', 'restaurant bookings', 'text messages'],
      mass: [],
    },
    qualified: none,
  },
  statement: {
    objects: { one: ['school report', 'weather forecast', 'tax return', 'bus timetable'], many: ['school reports', 'exam results'], mass: [] },
    qualified: none,
  },
  code: {
    objects: { one: ['wifi password', 'parcel tracking number', 'discount voucher', 'locker combination'], many: ['discount vouchers'], mass: [] },
    qualified: none,
  },
  branch: {
    objects: { one: ['post office', 'pharmacy', 'library', 'petrol station'], many: ['post offices', 'pharmacies', 'libraries'], mass: [] },
    qualified: none,
  },
  machine: {
    objects: { one: ['vending machine', 'ticket machine', 'parking meter'], many: ['vending machines'], mass: [] },
    qualified: none,
  },
  bank: {
    objects: { one: ['gym', 'dentist', 'library', 'fridge'], many: ['gyms', 'dentists', 'phone networks'], mass: [] },
    qualified: none,
  },
  address: {
    objects: { one: ['profile picture', 'phone wallpaper', 'email signature', 'hairstyle'], many: ['profile pictures'], mass: [] },
    qualified: none,
  },
  postcode: {
    objects: { one: ['shoe size', 'star sign', 'blood type'], many: [], mass: [] },
    qualified: none,
  },
  borrowing: {
    objects: { one: ['ladder', 'lawnmower', 'power drill'], many: ['ladders'], mass: [] },
    qualified: none,
  },
  rate: {
    objects: { one: ['heart rate', 'frame rate'], many: [], mass: [] },
    qualified: none,
  },
  fee: {
    objects: { one: ['parking fine', 'bus fare', 'library fine'], many: ['parking fines', 'bus fares', 'library fines'], mass: [] },
    qualified: none,
  },
  amount: {
    // An amount of money stands where a whole noun phrase goes: "send £50 to my mum" -> "send a parcel to my mum".
    objects: { one: ['a parcel', 'some flowers', 'a postcard', 'the spare keys', 'a birthday present'], many: [], mass: [] },
    qualified: none,
  },
  pay: {
    // "pay my landlord" -> "call my landlord" (never "thank": that is another intent's word); with money in the sentence, "pay my builder 300 quid" -> "send my builder a parcel" (see nearMiss.ts).
    objects: { one: ['call', 'visit', 'text', 'email'], many: [], mass: [] },
    qualified: none,
  },
} as const satisfies Readonly<Record<string, TermCategory>>;

export type CategoryName = keyof typeof CATEGORIES;

export interface DomainTerm {
  readonly phrase: string;
  readonly category: CategoryName;
  readonly number: TermNumber;
}

const terms = (category: CategoryName, number: TermNumber, phrases: readonly string[]): DomainTerm[] => phrases.map((phrase) => ({ phrase, category, number }));

/** Matched as whole words, case-insensitively, the longest phrase first. */
export const DOMAIN_TERMS: readonly DomainTerm[] = [
  ...terms('card', 'one', ['debit card', 'bank card', 'credit card', 'cash card', 'replacement card', 'renewal card', 'card']),
  ...terms('card', 'many', ['debit cards', 'bank cards', 'credit cards', 'cards']),
  ...terms('holder', 'one', ['purse', 'wallet', 'handbag', 'bag']),
  ...terms('holder', 'many', ['purses', 'wallets', 'bags']),
  ...terms('account', 'one', ['current account', 'savings account', 'bank account', 'joint account', 'account']),
  ...terms('account', 'many', ['accounts']),
  ...terms('balance', 'one', ['account balance', 'bank balance', 'available funds', 'balance']),
  ...terms('money', 'mass', ['money', 'cash', 'funds', 'savings']),
  ...terms('income', 'one', ['salary', 'pension']),
  ...terms('income', 'many', ['wages']),
  ...terms('payment', 'one', ['bank transfer', 'direct debit', 'standing order', 'payment', 'transaction', 'purchase', 'chargeback']),
  ...terms('payment', 'many', ['direct debits', 'standing orders', 'payments', 'transactions', 'purchases']),
  ...terms('statement', 'one', ['bank statement', 'mini statement', 'statement']),
  ...terms('statement', 'many', ['statements']),
  ...terms('code', 'one', ['card number', 'account number', 'sort code', 'security code', 'verification code', 'one time passcode', 'one-time passcode', 'passcode', 'PIN', 'code']),
  ...terms('branch', 'one', ['branch']),
  ...terms('branch', 'many', ['branches']),
  ...terms('machine', 'one', ['cash machine', 'cashpoint', 'ATM']),
  // Not "bank holiday": a public holiday, whose leftover "bank" then keeps the example out (DOMAIN_WORDS).
  ...terms('bank', 'one', ['bank']),
  ...terms('bank', 'many', ['banks']),
  ...terms('address', 'one', ['home address', 'postal address', 'address', 'contact details']),
  ...terms('postcode', 'one', ['postcode']),
  ...terms('borrowing', 'one', ['loan', 'mortgage', 'overdraft', 'credit limit']),
  ...terms('rate', 'one', ['interest rate']),
  ...terms('fee', 'one', ['fee', 'bill']),
  ...terms('fee', 'many', ['fees', 'charges', 'bills']),
  ...terms('pay', 'one', ['pay back', 'pay']),
];

/**
 * An amount of money: "£50", "£1,250.50", "300 quid", "100 pounds". Matched
 * before the terms, as one phrase of the `amount` category.
 */
export const AMOUNT = /£\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:pounds|quid)\b/giu;

/**
 * Words that keep an example in the bank's domain (or make it sensitive)
 * whatever else is swapped: an example containing one outside a matched term
 * gives no near miss. "bank" inside a word (a bank's name, "banking") counts.
 */
export const DOMAIN_WORDS = /bank|\b(?:paid|pays|paying|overdrawn|overcharged|charged|debited|refunds?|refunded|spend|spent|spending|withdraw|deposit|cheque|payday|rent|finances?|financial|credit|debt)\b/iu;

/**
 * Topics that must not be turned into an "out of scope" probe: the
 * sensitive part survives the swap ("my mum died and her account…" ->
 * "my mum died and her Netflix account…" still needs care).
 */
export const KEEP_OUT = /\b(?:safe account|scam\w*|fraud\w*|police|compromised|complain\w*|died|death|dead|passed away|bereave\w*|struggling|afford)\b/iu;
