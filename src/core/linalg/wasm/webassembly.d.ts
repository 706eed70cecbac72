// The part of the WebAssembly JS API the kernels use. Node has it at run time, but the project's libs
// (ES2023 + @types/node, no DOM) declare none of it; if the DOM lib is ever added, delete this file.
declare namespace WebAssembly {
  interface Module {}
  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: string;
  }
  interface ModuleExportDescriptor {
    name: string;
    kind: string;
  }
  var Module: {
    prototype: Module;
    new (bytes: ArrayBufferView | ArrayBuffer): Module;
    imports(module: Module): ModuleImportDescriptor[];
    exports(module: Module): ModuleExportDescriptor[];
  };
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
  var Instance: {
    prototype: Instance;
    new (module: Module, imports?: Record<string, Record<string, unknown>>): Instance;
  };
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  var Memory: {
    prototype: Memory;
    new (descriptor: { initial: number; maximum?: number }): Memory;
  };
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}
