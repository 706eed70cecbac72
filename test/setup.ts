import fc from 'fast-check';

// Property tests use a fixed seed so a run is reproducible (and mutation-testable).
fc.configureGlobal({ seed: 20261125 });
