// The server helpers live with the scripts, which benchmarks share with the tests.
export * from "../../scripts/lib/server";
