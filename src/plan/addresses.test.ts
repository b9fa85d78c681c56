import { describe, expect, it } from 'vitest';
import { configAddressOf, moduleAddressOf, parseModuleAddress, parseResourceAddress, parentModuleAddress, formatKey } from './addresses.js';
import { GuardrailsError } from '../errors.js';

describe('parseResourceAddress', () => {
  const cases: { address: string; config: string; module: string; type: string; name: string; key: string | number | undefined; mode: string }[] = [
    { address: 'aws_s3_bucket.b', config: 'aws_s3_bucket.b', module: '', type: 'aws_s3_bucket', name: 'b', key: undefined, mode: 'managed' },
    { address: 'aws_s3_bucket.b[0]', config: 'aws_s3_bucket.b', module: '', type: 'aws_s3_bucket', name: 'b', key: 0, mode: 'managed' },
    { address: 'data.aws_iam_policy_document.p["k"]', config: 'data.aws_iam_policy_document.p', module: '', type: 'aws_iam_policy_document', name: 'p', key: 'k', mode: 'data' },
    {
      address: 'module.a["x"].module.b[0].aws_s3_bucket.c["k"]',
      config: 'module.a.module.b.aws_s3_bucket.c',
      module: 'module.a["x"].module.b[0]',
      type: 'aws_s3_bucket',
      name: 'c',
      key: 'k',
      mode: 'managed',
    },
    {
      address: 'module.m["a.b[0]"].aws_instance.named["test.1"]',
      config: 'module.m.aws_instance.named',
      module: 'module.m["a.b[0]"]',
      type: 'aws_instance',
      name: 'named',
      key: 'test.1',
      mode: 'managed',
    },
    {
      address: 'module.q["say \\"hi\\" ]."].data.t.n',
      config: 'module.q.data.t.n',
      module: 'module.q["say \\"hi\\" ]."]',
      type: 't',
      name: 'n',
      key: undefined,
      mode: 'data',
    },
    { address: 'module.data.data.x.y', config: 'module.data.data.x.y', module: 'module.data', type: 'x', name: 'y', key: undefined, mode: 'data' },
  ];
  it.each(cases)('$address', ({ address, config, module, type, name, key, mode }) => {
    const parsed = parseResourceAddress(address);
    expect(configAddressOf(parsed)).toBe(config);
    expect(moduleAddressOf(parsed)).toBe(module);
    expect(parsed).toMatchObject({ type, name, key, mode });
  });

  it.each(['', 'aws_s3_bucket', 'aws_s3_bucket.b[', 'aws_s3_bucket.b["x]', 'aws_s3_bucket.b[x]', 'a..b', 'a.b.c', 'a.b[0]x'])(
    'rejects %j with a USAGE error naming the address',
    (address) => {
      try {
        parseResourceAddress(address);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(GuardrailsError);
        expect((error as GuardrailsError).code).toBe('USAGE');
        expect((error as GuardrailsError).message).toContain(JSON.stringify(address));
        expect((error as GuardrailsError).hint).toBeTruthy();
      }
    },
  );

  it('reports a bad plan address as INVALID_PLAN with the file', () => {
    expect(() => parseResourceAddress('x', { code: 'INVALID_PLAN', file: 'tfplan.json' })).toThrow(
      expect.objectContaining({ code: 'INVALID_PLAN', file: 'tfplan.json' }),
    );
  });
});

describe('module addresses', () => {
  it.each([
    ['', []],
    ['module.a', [{ name: 'a', key: undefined }]],
    ['module.a["x.y"].module.b[2]', [{ name: 'a', key: 'x.y' }, { name: 'b', key: 2 }]],
  ])('parses %j', (address, steps) => {
    expect(parseModuleAddress(address)).toEqual(steps);
  });

  it.each([
    ['module.a["x"].module.b[0]', 'module.a["x"]'],
    ['module.a', ''],
    ['', ''],
  ])('parent of %j is %j', (address, parent) => {
    expect(parentModuleAddress(address)).toBe(parent);
  });

  it('rejects a resource address where a module address is expected', () => {
    expect(() => parseModuleAddress('aws_s3_bucket.b')).toThrow(GuardrailsError);
  });

  it.each([
    [0, '[0]'],
    ['a"b', '["a\\"b"]'],
    [undefined, ''],
  ])('formats key %j as %s', (key, text) => {
    expect(formatKey(key)).toBe(text);
  });
});
