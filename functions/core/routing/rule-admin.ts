import { type AdminDeps, retryOnVersionConflict } from '../admin/admin-deps';
import { changeEntry } from '../audit/audit-entry';
import type { Actor } from '../shared/actor';
import { ConflictError, ValidationError } from '../shared/errors';
import { assertVersion } from '../shared/preconditions';
import type { TableReader } from '../tables/ports';
import type { PoolStore } from '../team/ports';
import type { RuleSetStore } from './ports';
import { EMPTY_RULE_SET, type RuleSet, type RuleSetInput } from './rules';

export type RuleAdminDeps = AdminDeps<RuleSetStore & Pick<PoolStore, 'listPools'>> & {
  /** Lookup tables, to check the tables rules name; without them lookup rules are refused. */
  tables?: Pick<TableReader, 'head'>;
};

/** The routing rule set with its version (0, with no rules, until one is saved). */
export async function getRuleSet(deps: AdminDeps<Pick<RuleSetStore, 'getRuleSet'>>): Promise<RuleSet> {
  return (await deps.config.getRuleSet()) ?? EMPTY_RULE_SET;
}

/**
 * Replaces the whole ordered rule set in one write, as the next version. With `ifVersion`
 * (from `If-Match`) it lands only on that version, so two admins editing at once cannot
 * silently overwrite each other. Every pool it names must exist.
 */
export async function replaceRuleSet(
  deps: RuleAdminDeps,
  input: RuleSetInput,
  actor: Actor,
  options: { ifVersion?: number } = {},
): Promise<RuleSet> {
  await assertPoolsExist(deps, input);
  await assertTablesFit(deps, input);
  return retryOnVersionConflict(async () => {
    const current = await getRuleSet(deps);
    assertVersion(current.version, options.ifVersion);
    const now = deps.clock.now();
    const next: RuleSet = {
      rules: input.rules,
      ...(input.defaultPoolId ? { defaultPoolId: input.defaultPoolId } : {}),
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    const audit = changeEntry({
      actor,
      at: now,
      kind: 'rules',
      // The rule set always exists: version 0 is the empty one.
      before: { id: 'current', ...current },
      after: { id: 'current', ...next },
    });
    await deps.config.saveRuleSet(next, current.version, audit);
    return next;
  });
}

async function assertPoolsExist(deps: RuleAdminDeps, input: RuleSetInput) {
  const known = new Set((await deps.config.listPools()).map((p) => p.id));
  const problems = input.rules.flatMap((rule, i) =>
    rule.poolId === undefined || known.has(rule.poolId)
      ? []
      : [{ path: `rules.${i}.poolId`, code: 'unknown_pool', message: `No pool has the id ${rule.poolId}` }],
  );
  if (input.defaultPoolId && !known.has(input.defaultPoolId)) {
    problems.push({
      path: 'defaultPoolId',
      code: 'unknown_pool',
      message: `No pool has the id ${input.defaultPoolId}`,
    });
  }
  if (problems.length > 0) throw new ValidationError('The rules name pools that do not exist', problems);
}

/**
 * Every table a rule looks up must exist; an `accountOwner` table must be of the kind it
 * matches by and name reps (owners).
 */
async function assertTablesFit(deps: RuleAdminDeps, input: RuleSetInput) {
  const problems: { path: string; code: string; message: string }[] = [];
  for (const [i, rule] of input.rules.entries()) {
    const name = rule.table ?? rule.accountOwner?.table;
    if (name === undefined) continue;
    const path = `rules.${i}.${rule.table ? 'table' : 'accountOwner.table'}`;
    const head = await deps.tables?.head(name, true);
    if (!head) {
      problems.push({ path, code: 'unknown_table', message: `No lookup table is called ${name}` });
    } else if (rule.accountOwner && (head.kind !== rule.accountOwner.match || head.target !== 'repId')) {
      problems.push({
        path,
        code: 'table_mismatch',
        message: `${name} is a ${head.kind} table of ${head.target}; accountOwner needs ${rule.accountOwner.match} rows with repId`,
      });
    }
  }
  if (problems.length > 0) throw new ValidationError('The rules name lookup tables that do not fit', problems);
}

/** Refuses to let a pool go while the routing rules still send leads to it. */
export async function assertNoRuleRoutesTo(
  deps: AdminDeps<Pick<RuleSetStore, 'getRuleSet'>>,
  poolId: string,
): Promise<void> {
  const ruleSet = await getRuleSet(deps);
  const rules = ruleSet.rules.filter((r) => r.poolId === poolId).map((r) => r.name);
  const isDefault = ruleSet.defaultPoolId === poolId;
  if (rules.length > 0 || isDefault) {
    throw new ConflictError(
      'Routing rules send leads to this pool; change the rules first',
      {
        rules,
        defaultPool: isDefault,
      },
      'pool_in_use',
    );
  }
}
