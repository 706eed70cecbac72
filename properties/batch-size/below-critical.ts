// batch-size.below-critical (CLAIMS.md B1; Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan 2024): for n_b ≲ d^{ℓ/2}
// the batch divides the iterations of one-pass SGD, n_b·t* stays at its n_b = 1 value. The protocol is in family.ts.
import type { Claim } from '../../src/contract/claim';
import { batchRung, CALIBRATION_NOTE, LOSS, MEASURED_NOTE, PROTOCOL_NOTE, SHARED, STALL_NOTE, TITLE, type BatchInstance } from './family';

export const batchBelowCritical: Claim<BatchInstance> = {
  ...SHARED,
  id: 'batch-size.below-critical',
  statement: 'For n_b ≲ d^{ℓ/2} a batch of n_b samples divides the number of SGD iterations by n_b: n_b·t* stays at its n_b = 1 value.',
  source: `${TITLE}: optimal batch size n_b ≲ d^{ℓ/2} (information exponent ℓ)`,
  ladders: {
    small: [batchRung(16, 4, LOSS.correlation, 5), batchRung(16, 1024, LOSS.square, 5)],
    default: [
      ...[4, 16].flatMap((nb) => [batchRung(16, nb, LOSS.square), batchRung(16, nb, LOSS.correlation)]),
      batchRung(16, 1024, LOSS.square),
    ],
    large: [
      // No n_b = 1 rung: it compares a run with itself.
      ...[16, 32].flatMap((d) => [4, 16].flatMap((nb) => [batchRung(d, nb, LOSS.square, 30), batchRung(d, nb, LOSS.correlation, 30)])),
      batchRung(32, 45, LOSS.square, 30),
      batchRung(32, 45, LOSS.correlation, 30),
      batchRung(16, 1024, LOSS.square, 30),
      batchRung(32, 2896, LOSS.square, 30),
    ],
  },
  notes: [PROTOCOL_NOTE, 'Negative control: the square loss at n_b ≥ 16·d^{3/2} (the other side of the threshold), expected to fail; see STALL_NOTE.', STALL_NOTE, CALIBRATION_NOTE, MEASURED_NOTE],
};
