import { NORMALS_WASM_PATH } from '../../../../src/core/rng/wasm/loader';
import { describeCommittedWasm } from '../../../helpers/wasm-build';

describeCommittedWasm('normals.wasm', 'normals.ts', new URL('../../../../src/core/rng/wasm/asconfig.json', import.meta.url), NORMALS_WASM_PATH);
