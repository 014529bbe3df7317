import { describe, expect, it } from 'vitest';
import { findRoute, matchPath } from '../../web/src/lib/paths.ts';

describe('the web route table matcher', () => {
  it('reads parameters, decoded, and ignores a trailing slash', () => {
    expect(matchPath('/host/game/:code', '/host/game/K7MPX4')).toEqual({ code: 'K7MPX4' });
    expect(matchPath('/host/bank/questions/:questionId', '/host/bank/questions/sdlc.codebuild.001/')).toEqual({ questionId: 'sdlc.codebuild.001' });
    expect(matchPath('/join/:code', '/join/a%20b')).toEqual({ code: 'a b' });
  });

  it('refuses other paths, a parameter across slashes, and broken escapes', () => {
    expect(matchPath('/host/game/:code', '/host/game')).toBeNull();
    expect(matchPath('/host/game/:code', '/host/game/A/B')).toBeNull();
    expect(matchPath('/host', '/hostile')).toBeNull();
    expect(matchPath('/join/:code', '/join/%E0%A4%A')).toBeNull();
  });

  it('matches below a wildcard, and the first route that fits wins', () => {
    expect(matchPath('/host/*', '/host/unknown/page')).toEqual({});
    expect(matchPath('/host/*', '/host')).toEqual({});
    const routes = [{ path: '/host/quizzes/new' }, { path: '/host/quizzes/:quizId' }, { path: '/*' }];
    expect(findRoute(routes, '/host/quizzes/new')?.route).toBe(routes[0]);
    expect(findRoute(routes, '/host/quizzes/42')).toEqual({ route: routes[1], params: { quizId: '42' } });
    expect(findRoute(routes, '/anything')?.route).toBe(routes[2]);
  });
});
