/** A change that would leave no enabled administrator (routes/accounts.ts): 409, nobody could manage accounts from the studio any more. */
export class LastAdminError extends Error {
  override readonly name = 'LastAdminError';
}
