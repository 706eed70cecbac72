import { WASM_PATH } from '../../../../src/core/linalg/wasm/loader';
import { describeCommittedWasm } from '../../../helpers/wasm-build';

describeCommittedWasm('kernels.wasm', 'kernels.ts', new URL('../../../../src/core/linalg/wasm/asconfig.json', import.meta.url), WASM_PATH);
