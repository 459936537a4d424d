import { sharedConfigWithoutTemporal } from '../../vitest.shared.ts';

// This package never starts Temporal.
export default sharedConfigWithoutTemporal;
