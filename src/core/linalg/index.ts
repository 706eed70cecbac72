export * from './dense';
export * from './gemm';
export * from './decompositions';
