/** Test ids are unique within their file (CQ200), so reports can name each test. */
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { LoadedFile } from '../../workspace/loadFile.ts';
import { quote, report } from '../report.ts';

export function checkDuplicateTestIds(file: LoadedFile<'test'>): Diagnostic[] {
  const first = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  file.data.tests.forEach((test, i) => {
    const earlier = first.get(test.id);
    if (earlier === undefined) {
      first.set(test.id, i);
      return;
    }
    const earlierRange = file.source.rangeOf(['tests', earlier, 'id']);
    const message = `test id ${quote(test.id)} is already used by test ${earlier + 1} of this file (line ${earlierRange.start.line}); give each test its own id`;
    const related = [{ file: file.path, range: earlierRange, message: `the first test with id ${quote(test.id)}` }];
    diagnostics.push(report('CQ200', file.path, file.source.rangeOf(['tests', i, 'id']), message, { related }));
  });
  return diagnostics;
}
