import { WASM_PATH } from '../../../src/linalg/wasm/loader';
import { describeCommittedWasm } from '../../helpers/wasm-build';

describeCommittedWasm('kernels.wasm', 'kernels.ts', new URL('../../../src/linalg/wasm/asconfig.json', import.meta.url), WASM_PATH);
