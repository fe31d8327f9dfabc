/**
 * Format migrations. A file says which format `version` it was written in;
 * loading migrates it up to the current version before validating it, so files
 * written for an older Colloquy keep working.
 *
 * Rules (see docs/decisions/0002-format-versions.md):
 * - `migrations[i]` takes version i+1 to version i+2; the list is consecutive and
 *   a shipped migration is never renumbered or edited.
 * - Migrations are pure and deterministic (no clock, no random ids): the same
 *   file migrates to the same data everywhere, so content hashes agree.
 * - `down` exists so that a migration can be tested round-trip.
 */
export type YamlObject = { [key: string]: unknown };

export interface Migration {
  /** Stable name, e.g. `flow/2-rename-prompt-to-ask`. */
  readonly id: string;
  readonly up: (data: YamlObject) => YamlObject;
  readonly down: (data: YamlObject) => YamlObject;
}

export type MigrationFailureReason = 'missing-version' | 'version-too-new' | 'version-invalid' | 'migration-error';

export type MigrationResult =
  | { readonly ok: true; readonly data: YamlObject; readonly applied: readonly string[] }
  | { readonly ok: false; readonly reason: MigrationFailureReason; readonly message: string };

export function migrateData(
  data: YamlObject,
  currentVersion: number,
  migrations: readonly Migration[],
): MigrationResult {
  const version = data['version'];
  if (version === undefined) {
    return { ok: false, reason: 'missing-version', message: `missing \`version\` (the current format is version ${currentVersion})` };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: 'version-invalid', message: `\`version\` must be a whole number from 1 to ${currentVersion}` };
  }
  if (version > currentVersion) {
    return {
      ok: false,
      reason: 'version-too-new',
      message: `format version ${version} is newer than this Colloquy supports (up to ${currentVersion})`,
    };
  }
  let migrated = data;
  const applied: string[] = [];
  for (let from = version; from < currentVersion; from++) {
    const migration = migrations[from - 1];
    if (!migration) {
      return { ok: false, reason: 'migration-error', message: `no migration from version ${from} to ${from + 1}` };
    }
    try {
      migrated = { ...migration.up(migrated), version: from + 1 };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { ok: false, reason: 'migration-error', message: `migration ${migration.id} failed: ${why}` };
    }
    applied.push(migration.id);
  }
  return { ok: true, data: migrated, applied };
}

/** Checks the invariants above; a test runs it for every kind. */
export function validateMigrations(currentVersion: number, migrations: readonly Migration[]): string[] {
  const problems: string[] = [];
  if (migrations.length !== currentVersion - 1) {
    problems.push(`version ${currentVersion} needs ${currentVersion - 1} migrations, found ${migrations.length}`);
  }
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) problems.push(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  return problems;
}
