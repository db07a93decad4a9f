import type { WorkflowDefinition } from "./types";

export interface WorkflowRegistry {
  /** A definition by name and version: a run always finishes on the version it started with. */
  get(name: string, version: number): WorkflowDefinition<unknown> | undefined;
  /** The newest version: what new runs start on. */
  latest(name: string): WorkflowDefinition<unknown> | undefined;
  list(): WorkflowDefinition<unknown>[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own input type
export function createRegistry(definitions: WorkflowDefinition<any>[]): WorkflowRegistry {
  const all = definitions as WorkflowDefinition<unknown>[];
  const byKey = new Map(all.map((d) => [`${d.name}@${d.version}`, d]));
  if (byKey.size !== all.length) throw new Error("Two workflow definitions share a name and version");
  return {
    get: (name, version) => byKey.get(`${name}@${version}`),
    latest: (name) =>
      all.filter((d) => d.name === name).reduce<WorkflowDefinition<unknown> | undefined>((best, d) => (!best || d.version > best.version ? d : best), undefined),
    list: () => [...new Map(all.map((d) => [d.name, d])).keys()].map((name) => all.filter((d) => d.name === name).sort((a, b) => b.version - a.version)[0]!),
  };
}
