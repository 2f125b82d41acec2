// Types for make-cello-contract.mjs, imported by the contract tests.
export declare const contractPath: string
export declare function findOfficialDocument(env?: Record<string, string | undefined>, from?: string): string | null
export declare function makeContract(doc: unknown): unknown
export declare function serialize(contract: unknown): string
