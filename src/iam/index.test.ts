import { describe, expect, it } from 'vitest';
import * as access from './access.js';
import * as actions from './actions.js';
import * as conditions from './conditions.js';
import * as deny from './deny.js';
import * as iam from './index.js';
import * as policy from './policy.js';
import * as principals from './principals.js';
import * as render from './render.js';
import * as renderEncoded from './render-encoded.js';
import * as resources from './resources.js';
import * as symbols from './symbols.js';

describe('src/iam/index.ts', () => {
  it('re-exports every function of the public modules (glob.ts stays internal)', () => {
    const modules = { access, actions, conditions, deny, policy, principals, render, renderEncoded, resources, symbols };
    const expected = Object.values(modules).flatMap((module) => Object.keys(module)).sort();
    expect(Object.keys(iam).sort()).toEqual(expected);
  });
});
