/** One line of a QuickPick (QuickPick.tsx): kept apart from the component so pure modules (the pickers' items) need no JSX. */
export interface QuickPickItem {
  readonly id: string;
  readonly label: string;
  /** Indices of the characters of `label` the query matched. */
  readonly highlights?: readonly number[];
  /** A short word beside the label (a symbol's kind). */
  readonly description?: string;
  readonly detail?: string;
  readonly keybinding?: string;
  /** A line that only says something (why a typed name cannot be used): picking it does nothing and keeps the box open. */
  readonly inert?: boolean;
}
