import { NORMALS_WASM_PATH } from '../../../src/rng/wasm/loader';
import { describeCommittedWasm } from '../../helpers/wasm-build';

describeCommittedWasm('normals.wasm', 'normals.ts', new URL('../../../src/rng/wasm/asconfig.json', import.meta.url), NORMALS_WASM_PATH);
