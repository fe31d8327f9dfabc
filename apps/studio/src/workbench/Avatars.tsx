/**
 * People as avatars: initials on their colour (collab/identity.ts), the name
 * as the tooltip and accessible name. The title bar shows everyone in the
 * change request; the explorer shows who has a file open.
 */
import { For, type JSX } from 'solid-js';
import type { Person } from '../collab/presence.ts';

export function Avatars(props: { people: readonly Person[]; size?: 'small' | 'normal'; where?: string }): JSX.Element {
  return (
    <span class="avatars" classList={{ small: props.size === 'small' }} role="list" aria-label={props.where ? `People in ${props.where}` : 'People here'}>
      <For each={props.people}>
        {(person) => (
          <span
            class="avatar"
            role="listitem"
            data-testid={`avatar-${person.name}`}
            style={{ 'background-color': person.colour }}
            title={person.files.length > 0 ? `${person.name} — in ${person.files.join(', ')}` : person.name}
            aria-label={person.name}
          >
            {person.initials}
          </span>
        )}
      </For>
    </span>
  );
}
