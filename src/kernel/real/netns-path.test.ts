import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../lib/errors.js';
import type { CommandRunner } from '../exec.js';
import { FakeKernel } from '../fake/fake-kernel.js';
import { isNotFound } from '../errors.js';
import { netnsNameFromPath, validateNetnsPath, validateNetnsRef } from '../validate.js';
import { opLines } from './argv.js';
import { RealKernel } from './real-kernel.js';

/** Namespaces given by path (CNI_NETNS): validation, argv, and both kernels' `hostAtPath`. */

test('validateNetnsPath accepts absolute plain paths and refuses anything else', () => {
  for (const ok of ['/proc/123/ns/net', '/run/netns/pod-1', '/var/run/netns/cni-1f2e', '/x']) {
    assert.equal(validateNetnsPath(ok), ok);
  }
  for (const bad of ['', 'pod', '-n', '/', '/a/../b', '/a/./b', '/a b', '/a\nb', '//a', '/a/', '/$(x)']) {
    assert.throws(() => validateNetnsPath(bad), InvalidInputError, JSON.stringify(bad));
  }
});

test('validateNetnsRef takes a name or an absolute path', () => {
  assert.equal(validateNetnsRef('pod-1'), 'pod-1');
  assert.equal(validateNetnsRef('/proc/1/ns/net'), '/proc/1/ns/net');
  assert.throws(() => validateNetnsRef('a/b'), InvalidInputError);
  assert.throws(() => validateNetnsRef('/a/../etc'), InvalidInputError);
});

test('netnsNameFromPath maps /run/netns and /var/run/netns only', () => {
  assert.equal(netnsNameFromPath('/run/netns/pod-1'), 'pod-1');
  assert.equal(netnsNameFromPath('/var/run/netns/pod-1'), 'pod-1');
  assert.equal(netnsNameFromPath('/run/netns/a/b'), undefined);
  assert.equal(netnsNameFromPath('/run/netns/'), undefined);
  assert.equal(netnsNameFromPath('/proc/1/ns/net'), undefined);
});

test('a veth peer and a link move may target a namespace by path', () => {
  const add = opLines({
    op: 'link.add',
    link: { kind: 'veth', name: 'v0', peer: { name: 'eth0', netns: '/proc/42/ns/net' } },
  });
  assert.deepEqual(add[0]!.args, [
    'link',
    'add',
    'v0',
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'netns',
    '/proc/42/ns/net',
  ]);
  const move = opLines({ op: 'link.set', name: 'v0', change: { netns: '/run/netns/x' } });
  assert.deepEqual(move[0]!.args, ['link', 'set', 'dev', 'v0', 'netns', '/run/netns/x']);
});

function recorder(): { run: CommandRunner; calls: string[][] } {
  const calls: string[][] = [];
  const run: CommandRunner = async (argv) => {
    calls.push([...argv]);
    return { stdout: '[]', stderr: '' };
  };
  return { run, calls };
}

test('RealKernel.hostAtPath uses `ip -n` for /run/netns names and nsenter for other paths', async () => {
  const { run, calls } = recorder();
  const kernel = new RealKernel(run);
  const named = kernel.hostAtPath('/var/run/netns/pod-1');
  assert.equal(named.netns, 'pod-1');
  await named.listLinks();
  const byPath = kernel.hostAtPath('/proc/42/ns/net');
  assert.equal(byPath.netns, '/proc/42/ns/net');
  await byPath.listLinks();
  await byPath.apply([{ op: 'link.set', name: 'eth0', change: { up: true } }]);
  await byPath.getSysctl('net.ipv4.ip_forward');
  assert.deepEqual(calls, [
    ['ip', '-n', 'pod-1', '-j', '-d', 'link', 'show'],
    ['nsenter', '--net=/proc/42/ns/net', 'ip', '-j', '-d', 'link', 'show'],
    ['nsenter', '--net=/proc/42/ns/net', 'ip', 'link', 'set', 'dev', 'eth0', 'up'],
    ['nsenter', '--net=/proc/42/ns/net', 'sysctl', '-n', 'net.ipv4.ip_forward'],
  ]);
  assert.throws(() => kernel.hostAtPath('relative/path'), InvalidInputError);
});

test('FakeKernel.hostAtPath resolves /run/netns paths, in hosts and in link targets', async () => {
  const kernel = new FakeKernel();
  await kernel.createNetns('node');
  await kernel.createNetns('pod');
  const pod = kernel.hostAtPath('/run/netns/pod');
  assert.equal(pod.netns, 'pod');
  await kernel
    .host('node')
    .apply([
      { op: 'link.add', link: { kind: 'veth', name: 'v0', peer: { name: 'eth0', netns: '/run/netns/pod' } } },
    ]);
  assert.equal((await pod.getLink('eth0'))?.kind, 'veth');
  await assert.rejects(kernel.hostAtPath('/proc/1/ns/net').listLinks(), isNotFound);
});
