/**
 * A cheap static guard against regular expressions that can backtrack
 * catastrophically (ReDoS, see OWASP "Regular expression Denial of Service"):
 * an unbounded repetition of a group that itself repeats without bound or
 * holds alternatives, as in `(a+)+`, `(\w*\s?)*` or `(a|ab)*`. Such patterns
 * take exponential time on a near-miss input, and a slot's pattern runs on
 * every answer a customer types, so they are refused rather than run.
 * Bounded repetitions (`(\d{4}[ -]?){4}`) are fine.
 */
export function hasNestedRepetition(pattern: string): boolean {
  /** For each open group: does it contain an unbounded repetition or an alternation? */
  const groups: boolean[] = [false];
  /** Whether the atom just closed is a group that is risky to repeat. */
  let lastAtomRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      i++;
      lastAtomRisky = false;
      continue;
    }
    if (char === '[') {
      i = endOfClass(pattern, i);
      lastAtomRisky = false;
      continue;
    }
    if (char === '(') {
      groups.push(false);
      lastAtomRisky = false;
      continue;
    }
    if (char === ')') {
      const inner = groups.length > 1 ? groups.pop()! : false;
      lastAtomRisky = inner;
      continue;
    }
    if (char === '|') {
      groups[groups.length - 1] = true;
      lastAtomRisky = false;
      continue;
    }
    const quantifier = unboundedQuantifierAt(pattern, i);
    if (quantifier !== undefined) {
      if (quantifier.unbounded) {
        if (lastAtomRisky) return true;
        groups[groups.length - 1] = true;
      } else if (lastAtomRisky) {
        // A bounded repetition of a risky group is still risky when repeated again: ((a+){2})+
        groups[groups.length - 1] = true;
      }
      i = quantifier.end - 1;
      lastAtomRisky = false;
      continue;
    }
    lastAtomRisky = false;
  }
  return false;
}

function endOfClass(pattern: string, open: number): number {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']' && i > open + 1) return i;
  }
  return pattern.length;
}

/** A quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy), and whether it is unbounded. */
function unboundedQuantifierAt(pattern: string, i: number): { unbounded: boolean; end: number } | undefined {
  const char = pattern[i];
  let end: number;
  let unbounded: boolean;
  if (char === '*' || char === '+') {
    end = i + 1;
    unbounded = true;
  } else if (char === '?') {
    end = i + 1;
    unbounded = false;
  } else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
    if (!braces) return undefined;
    end = i + braces[0].length;
    // {n,} is unbounded; a very large upper bound backtracks just as badly.
    unbounded = braces[2] !== undefined && (braces[3] === '' || Number(braces[3]) > 50);
  } else {
    return undefined;
  }
  if (pattern[end] === '?') end++;
  return { unbounded, end };
}
