// Request path → declared route, as API Gateway does it: a literal segment wins over `{param}`.
import type { RouteDecl } from './routes.ts';

export type RouteMatch =
  | { kind: 'route'; route: RouteDecl; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

type Compiled = { route: RouteDecl; segments: string[] };

const split = (path: string): string[] => path.split('/').filter(Boolean);

/** Ranks a template by specificity: literals before parameters, segment by segment. */
function specificity(segments: string[]): string {
  return segments.map((s) => (s.startsWith('{') ? '1' : '0')).join('');
}

export function createRouteMatcher(routes: readonly RouteDecl[]) {
  const compiled: Compiled[] = routes
    .map((route) => ({ route, segments: split(route.path) }))
    .sort((a, b) => specificity(a.segments).localeCompare(specificity(b.segments)));

  function matchPath(segments: string[], template: string[]): Record<string, string> | null {
    if (segments.length !== template.length) return null;
    const params: Record<string, string> = {};
    for (let i = 0; i < template.length; i++) {
      const t = template[i]!;
      const s = segments[i]!;
      if (t.startsWith('{') && t.endsWith('}')) {
        let value: string;
        try {
          value = decodeURIComponent(s);
        } catch {
          return null;
        }
        params[t.slice(1, -1)] = value;
      } else if (t !== s) {
        return null;
      }
    }
    return params;
  }

  return function match(method: string, path: string): RouteMatch {
    const segments = split(path);
    // Only the most specific matching template counts, as on API Gateway (compiled is sorted).
    let bestRank: string | undefined;
    const candidates: { route: RouteDecl; params: Record<string, string> }[] = [];
    for (const { route, segments: template } of compiled) {
      const rank = specificity(template);
      if (bestRank !== undefined && rank !== bestRank) break;
      const params = matchPath(segments, template);
      if (!params) continue;
      bestRank = rank;
      candidates.push({ route, params });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    const hit = candidates.find((m) => m.route.method === method.toUpperCase());
    if (hit) return { kind: 'route', route: hit.route, params: hit.params };
    return { kind: 'method-not-allowed', allowed: [...new Set(candidates.map((c) => c.route.method))].sort() };
  };
}

export const routeKey = (route: Pick<RouteDecl, 'method' | 'path'>): string => `${route.method} ${route.path}`;
