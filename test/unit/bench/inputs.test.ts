/**
 * The worst-case inputs scenario of the bench (issue 10), on tiny settings and with no timing asserted:
 * every worst input gets the answer the scenario expects from every name function at every length (else
 * the bench would report INVALID rows), and the table and the goal read the figures they are given.
 */
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../bench/report.js';
import { INPUT_SCALES, measureInputs, WORST_INPUTS, type InputsResult } from '../../../bench/scenarios/inputs.js';
import { inputsTable, MAX_LINEAR_GROWTH } from '../../../bench/tables.js';

describe('bench: worst-case name inputs', () => {
  it('should get the expected answer from every function on every input at every length', () => {
    const result = measureInputs({ baseLength: 40, batches: 1, batchMs: 0 });
    expect(result.rows).toHaveLength(WORST_INPUTS.length * 3);
    for (const row of result.rows) {
      expect({ input: row.input, fn: row.fn, wrong: row.wrongAnswers }).toEqual({
        input: row.input,
        fn: row.fn,
        wrong: 0,
      });
      expect(row.msPerCall).toHaveLength(INPUT_SCALES.length);
      expect(row.growth).toHaveLength(INPUT_SCALES.length - 1);
    }
  });

  it('should print each row with its growth and validation, and the worst growth', () => {
    const result: InputsResult = {
      baseLength: 1000,
      scales: INPUT_SCALES,
      rows: [
        {
          input: 'n hyphens',
          fn: 'normalizeNamePart',
          msPerCall: [0.004, 0.04, 0.5],
          growth: [10, 12.5],
          wrongAnswers: 0,
          calls: 30,
        },
      ],
      worstGrowth: 12.5,
    };
    const table = formatTable(inputsTable(result));
    expect(table).toContain(
      '| n hyphens | normalizeNamePart | 0.0040 ms  | 0.0400 ms    | 0.50 ms        | 10.00×        | 12.50×          | validated (30/30) |',
    );
    expect(table).toContain('worst growth here 12.50×');
    expect(MAX_LINEAR_GROWTH).toBeLessThan(100);
  });
});
