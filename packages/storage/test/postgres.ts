// The throwaway PostgreSQL server lives in @hn/testing, so other packages' tests share it.
export { findPostgresBin, startTestPostgres, type TestPostgres } from '@hn/testing/postgres';
