// Stands in, in tsconfig.sandbox.json only, for packages whose declarations pull in Node's types.
export {};
