import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files, in the order they should start. A run on two cores is as long as its
 * busiest worker: a long file that starts late ends the run alone. Vitest orders files by the
 * durations it remembers, but a fresh clone (CI) has none and falls back to file size, which
 * would start the short-to-read `cdk synth` test last.
 */
const LONGEST_FIRST = [
  'test/browser/console.test.ts',
  'test/infra/cdk-synth.test.ts',
  'test/integration/distribution-methods.test.ts',
  'test/integration/lead-lifecycle-model.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    return sorted
      .map((file, order) => ({ file, order }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
      .map(({ file }) => file);
  }
}
