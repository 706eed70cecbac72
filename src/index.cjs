// The CommonJS entry, `require('theorycheck')`: the same TypeScript sources, compiled as they load by tsx's
// require hook (the package has no build step).
const { require: load } = require('tsx/cjs/api');

module.exports = load('./index.ts', __filename);
