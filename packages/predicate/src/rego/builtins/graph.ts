// graph.reachable_paths as OPA defines it (topdown/reachable.go): from each initial node with
// edges, every path to a leaf, to the node before one missing from the graph, or to the node
// before a cycle closes; a node without edges is a path of its own. The result is a set.
import { RegoSet, type RegoValue } from '../exact-json.ts';
import type { HostBuiltin } from '../opa-host.ts';
import { compareRego } from '../rego-compare.ts';
import { arr, obj } from './args.ts';

const MAX_PATHS = 100_000;

function reachablePaths(graph: Record<string, RegoValue>, initial: RegoValue[]): RegoSet {
  const paths: RegoValue[][] = [];
  const add = (p: RegoValue[]) => {
    if (paths.length >= MAX_PATHS) throw new RangeError('graph.reachable_paths: too many paths');
    if (!paths.some((q) => compareRego(q, p) === 0)) paths.push(p);
  };
  const edgesOf = (node: RegoValue): RegoValue[] | undefined => {
    if (typeof node !== 'string' || !Object.hasOwn(graph, node)) return undefined;
    const edges = graph[node]!;
    // Edges that are neither an array nor a set count as none (OPA's numberOfEdges).
    return Array.isArray(edges) || edges instanceof RegoSet ? arr(edges) : [];
  };
  const walk = (root: RegoValue, path: RegoValue[], reached: RegoValue[]): void => {
    const edges = edgesOf(root);
    if (!edges) {
      add(path); // missing node: the path ends before it
      return;
    }
    const here = [...path, root];
    if (edges.length === 0) {
      add(here);
      return;
    }
    const seen = [...reached, root];
    for (const next of edges) {
      if (seen.some((r) => compareRego(r, next) === 0)) add(here);
      else walk(next, here, seen);
    }
  };
  for (const node of initial) {
    const edges = edgesOf(node);
    if (!edges) continue;
    if (edges.length === 0) add([node]);
    for (const next of edges) walk(next, [node], [node]);
  }
  return new RegoSet(paths);
}

export const GRAPH_BUILTINS: Record<string, HostBuiltin> = {
  'graph.reachable_paths': ([graph, initial]) => reachablePaths(obj(graph, 'graph'), arr(initial, 'initial')),
};
