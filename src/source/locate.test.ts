import { describe, expect, it } from 'vitest';
import { blockHeaderLine, nestedBlockLine } from './locate.js';

const text = [
  '# resource "aws_s3_bucket" "commented" {',
  'provider "aws" {',
  '  region = "eu-west-1"',
  '}',
  'provider aws {',
  '  alias = "us"',
  '}',
  'resource "aws_s3_bucket" "state" {',
  '  bucket = "x"',
  '  lifecycle_rule {',
  '  }',
  '  lifecycle {',
  '    prevent_destroy = true',
  '  }',
  '}',
  'resource aws_s3_bucket plain {',
  '  bucket = "y"',
  '}',
  '',
  'resource "aws_kms_key" "k" { lifecycle { prevent_destroy = true } }',
  'resource "a.b" "c" {',
  '}',
].join('\n');

describe('blockHeaderLine', () => {
  it.each<[string, string[], number, number | undefined]>([
    ['resource', ['aws_s3_bucket', 'state'], 0, 8],
    ['resource', ['aws_s3_bucket', 'plain'], 0, 16],
    ['resource', ['aws_kms_key', 'k'], 0, 20],
    ['resource', ['aws_s3_bucket', 'commented'], 0, undefined],
    ['resource', ['a.b', 'c'], 0, 21],
    ['resource', ['aXb', 'c'], 0, undefined],
    ['provider', ['aws'], 0, 2],
    ['provider', ['aws'], 1, 5],
    ['provider', ['aws'], 2, undefined],
  ])('%s %j #%i → line %s', (keyword, labels, occurrence, expected) => {
    expect(blockHeaderLine(text, keyword, labels, occurrence)).toBe(expected);
  });
});

describe('nestedBlockLine', () => {
  it.each<[number, number | undefined]>([
    [8, 12], // skips lifecycle_rule, finds lifecycle
    [16, undefined], // block ends before any lifecycle
    [20, 20], // one-line block
  ])('lifecycle inside the block at line %i → %s', (headerLine, expected) => {
    expect(nestedBlockLine(text, headerLine, 'lifecycle')).toBe(expected);
  });
});
