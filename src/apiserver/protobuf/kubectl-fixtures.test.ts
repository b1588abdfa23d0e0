import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufBody } from './index.js';
import { KUBECTL_FIXTURES } from './kubectl-fixtures.js';

for (const fixture of KUBECTL_FIXTURES) {
  test(`${fixture.command}: the protobuf body decodes to kubectl's own JSON`, () => {
    assert.deepEqual(decodeProtobufBody(Buffer.from(fixture.protobuf, 'hex')), JSON.parse(fixture.json));
  });
}
