/**
 * The command registry: every action the workbench offers (palette, shortcuts,
 * buttons) is a command with a dotted id. `register` returns its disposer.
 * Keybindings are written `Mod+Shift+P` where `Mod` is Cmd on macOS and Ctrl
 * elsewhere.
 */
export interface Command {
  readonly id: string;
  readonly title: string;
  readonly category?: string;
  readonly keybinding?: string;
  readonly run: () => void;
  /** Hidden from the palette and inert when this says false. */
  readonly enabled?: () => boolean;
}

export interface KeyEventLike {
  readonly key: string;
  /** The physical key (`KeyO`, `Digit1`, `Backslash`), for when modifiers change `key`. */
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export function matchesKeybinding(keybinding: string, event: KeyEventLike, isMac: boolean): boolean {
  const parts = keybinding.split('+');
  const key = parts[parts.length - 1]!.toLowerCase();
  const mods = new Set(parts.slice(0, -1).map((p) => p.toLowerCase()));
  const wantCtrl = mods.has('ctrl') || (mods.has('mod') && !isMac);
  const wantMeta = mods.has('cmd') || (mods.has('mod') && isMac);
  const sameKey = event.key.toLowerCase() === key || (event.altKey && event.code !== undefined && event.code === physicalKey(key));
  return sameKey && event.ctrlKey === wantCtrl && event.metaKey === wantMeta && event.shiftKey === mods.has('shift') && event.altKey === mods.has('alt');
}

const PHYSICAL_PUNCTUATION: Readonly<Record<string, string>> = { '\\': 'Backslash', '/': 'Slash', '.': 'Period', ',': 'Comma', '`': 'Backquote' };

/**
 * The `KeyboardEvent.code` of a key named in a binding. On macOS, Option turns letters into
 * other characters (Cmd+Option+O gives `key` "ø"), so with Alt held the physical key matches too.
 * Only then: on other layouts the physical key can be another letter (AZERTY's Q is `KeyA`).
 */
function physicalKey(key: string): string | undefined {
  if (/^[a-z]$/.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  return PHYSICAL_PUNCTUATION[key];
}

export function formatKeybinding(keybinding: string, isMac: boolean): string {
  const parts = keybinding.split('+');
  if (isMac) {
    const symbols: Record<string, string> = { mod: '⌘', cmd: '⌘', ctrl: '⌃', shift: '⇧', alt: '⌥' };
    return parts.map((p) => symbols[p.toLowerCase()] ?? p.toUpperCase()).join('');
  }
  return parts.map((p) => (p.toLowerCase() === 'mod' ? 'Ctrl' : p.length === 1 ? p.toUpperCase() : p)).join('+');
}

export class CommandRegistry {
  private readonly commands = new Map<string, Command>();

  register(command: Command): () => void {
    if (this.commands.has(command.id)) throw new Error(`command ${command.id} is registered twice`);
    this.commands.set(command.id, command);
    return () => {
      if (this.commands.get(command.id) === command) this.commands.delete(command.id);
    };
  }

  get(id: string): Command | undefined {
    return this.commands.get(id);
  }

  /** Enabled commands, sorted by label. */
  list(): Command[] {
    return [...this.commands.values()].filter((c) => c.enabled?.() ?? true).sort((a, b) => label(a).localeCompare(label(b)));
  }

  run(id: string): boolean {
    const command = this.commands.get(id);
    if (!command || !(command.enabled?.() ?? true)) return false;
    command.run();
    return true;
  }

  /** The enabled command bound to this key press, if any. */
  forKey(event: KeyEventLike, isMac: boolean): Command | undefined {
    for (const command of this.commands.values()) {
      if (command.keybinding && matchesKeybinding(command.keybinding, event, isMac) && (command.enabled?.() ?? true)) return command;
    }
    return undefined;
  }
}

export function label(command: Command): string {
  return command.category ? `${command.category}: ${command.title}` : command.title;
}
