import fc from 'fast-check';

// Property tests run on a fixed seed so that CI is repeatable; FC_SEED=<n> (or "random") explores others.
const chosen = process.env.FC_SEED;
if (chosen !== 'random') fc.configureGlobal({ seed: chosen === undefined ? 20261125 : Number(chosen) });
