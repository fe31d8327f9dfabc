/**
 * Signing in: the page a signed-out studio shows (GET /api/session answered
 * 401), and the same form as a dialog over the workbench when a session ends
 * while the studio is open, so unsaved edits stay in their tabs.
 *
 * The server's sentence is shown as it is (wrong account or password, too
 * many attempts with the wait): the form adds nothing the server did not say.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import type { SessionClient } from '../api/SessionClient.ts';
import './signIn.css';

export function SignInForm(props: {
  readonly session: SessionClient;
  /** `page`: the whole window; `dialog`: over the workbench. */
  readonly variant: 'page' | 'dialog';
  /** Why signing in is asked again (the server's sentence), shown above the form. */
  readonly reason?: string | undefined;
  /** The account to offer (the one whose session ended). */
  readonly account?: string | undefined;
}): JSX.Element {
  const [account, setAccount] = createSignal(props.account ?? '');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    setBusy(true);
    setError(undefined);
    const result = await props.session.signIn(account().trim(), password());
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setPassword('');
    }
  };

  const form = (
    <form class="signin-form" data-testid="sign-in-form" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
      <h1 id="signin-title">{props.variant === 'page' ? 'Sign in to Colloquy' : 'Sign in again'}</h1>
      <Show when={props.variant === 'dialog'}>
        <p class="signin-note" data-testid="sign-in-reason">
          {props.reason ?? 'Your session has ended.'} Your unsaved edits are kept; sign in to carry on.
        </p>
      </Show>
      <label>
        Account
        <input name="account" data-testid="sign-in-account" autocomplete="username" autocapitalize="none" spellcheck={false} required value={account()} onInput={(e) => setAccount(e.currentTarget.value)} />
      </label>
      <label>
        Password
        <input name="password" type="password" data-testid="sign-in-password" autocomplete="current-password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <Show when={error()}>
        <p class="signin-error" role="alert" data-testid="sign-in-error">
          {error()}
        </p>
      </Show>
      <button type="submit" data-testid="sign-in-submit" disabled={busy()}>
        {busy() ? 'Signing in…' : 'Sign in'}
      </button>
      <Show when={props.variant === 'page'}>
        <p class="signin-hint">
          Accounts are made by an administrator (<code>colloquy users add</code>). Trying the studio? <code>colloquy serve --demo</code> prints one account per role.
        </p>
      </Show>
    </form>
  );
  return props.variant === 'page' ? (
    <main class="signin-page" data-testid="sign-in-page">
      {form}
    </main>
  ) : (
    <div class="signin-backdrop" role="dialog" aria-modal="true" aria-labelledby="signin-title" data-testid="sign-in-dialog">
      {form}
    </div>
  );
}
