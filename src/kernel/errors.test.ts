import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KernelError, classifyStderr, isExists, isNotFound, type KernelErrorCode } from './errors.js';

/** What the real tools print (iproute2 6.1, nft 1.0.6, procps 4, kernel 6.x), and the code each means. */
const CASES: [string, KernelErrorCode][] = [
  ['RTNETLINK answers: File exists', 'EEXIST'],
  ['Error: ipv4: Address already assigned.', 'EEXIST'],
  ['Error: A VXLAN device with the specified VNI already exists.', 'EEXIST'],
  ['Error: An interface with the same name exists in the target netns.', 'EEXIST'],
  ['Cannot create namespace file "/run/netns/x": File exists', 'EEXIST'],
  ['/dev/stdin:1:19-20: Error: Could not process rule: File exists', 'EEXIST'],
  ['Cannot find device "eth9"', 'ENOTFOUND'],
  ['Device "eth9" does not exist.', 'ENOTFOUND'],
  ['Error: argument "br9" is wrong: Device does not exist', 'ENOTFOUND'],
  ['Error: argument "ns9" is wrong: Invalid "netns" value', 'ENOTFOUND'],
  ['Cannot open network namespace "ns9": No such file or directory', 'ENOTFOUND'],
  ['Cannot remove namespace file "/run/netns/ns9": No such file or directory', 'ENOTFOUND'],
  ['Error: ipv4: Address not found.', 'ENOTFOUND'],
  ['RTNETLINK answers: No such process', 'ENOTFOUND'],
  ['RTNETLINK answers: No such file or directory', 'ENOTFOUND'],
  ['sysctl: cannot stat /proc/sys/net/foo: No such file or directory', 'ENOTFOUND'],
  ['Error: Could not process rule: No such file or directory', 'ENOTFOUND'],
  ['Error: ipv4: FIB table does not exist.\nDump terminated', 'ENOTFOUND'],
  ['exec of "nosuchcmd" failed: No such file or directory', 'ENOTFOUND'],
  ['Error: Nexthop has invalid gateway.', 'EUNREACH'],
  ['Error: Device for nexthop is not up.', 'EUNREACH'],
  ['Error: Nexthop device is not up.', 'EUNREACH'],
  ['RTNETLINK answers: Network is down', 'EUNREACH'],
  ['RTNETLINK answers: Network is unreachable', 'EUNREACH'],
  ['RTNETLINK answers: Operation not permitted', 'EPERM'],
  ['RTNETLINK answers: Device or resource busy', 'EBUSY'],
  ['RTNETLINK answers: Invalid argument', 'EINVAL'],
  ['RTNETLINK answers: Operation not supported', 'EINVAL'],
  ['Error: The interface netns is immutable.', 'EINVAL'],
  ['Error: Nexthop device required for onlink.', 'EINVAL'],
  ['Error: Invalid prefsrc address.', 'EINVAL'],
  ['Error: Invalid prefix for given prefix length.', 'EINVAL'],
  ['Error: Unknown device type.', 'EINVAL'],
  ['sysctl: setting key "net.ipv4.ip_forward": Invalid argument', 'EINVAL'],
  ["/dev/stdin:2:68-68: Error: syntax error, unexpected '}'", 'EINVAL'],
  ['Error: Cannot replace non-unicast fdb entries.', 'EKERNEL'],
  ['', 'EKERNEL'],
];

test('classifies tool stderr into stable codes', () => {
  for (const [stderr, code] of CASES) assert.equal(classifyStderr(stderr), code, stderr);
});

test('classification ignores case and the "Command failed" trailer of ip -batch', () => {
  assert.equal(classifyStderr('RTNETLINK ANSWERS: FILE EXISTS'), 'EEXIST');
  assert.equal(classifyStderr('RTNETLINK answers: File exists\nCommand failed -:2\n'), 'EEXIST');
});

test('KernelError carries argv, exit code and stderr, and the predicates read its code', () => {
  const err = new KernelError('ENOTFOUND', {
    argv: ['ip', 'link', 'del', 'x'],
    exitCode: 1,
    stderr: 'nope\n',
  });
  assert.equal(err.message, 'ip link del x: nope');
  assert.equal(err.name, 'KernelError');
  assert.deepEqual([err.argv, err.exitCode, err.stderr], [['ip', 'link', 'del', 'x'], 1, 'nope\n']);
  assert.equal(isNotFound(err), true);
  assert.equal(isExists(err), false);
  assert.equal(isNotFound(new Error('Cannot find device')), false);
  const silent = new KernelError('EKERNEL', { argv: ['false'], exitCode: 1, stderr: '' });
  assert.equal(silent.message, 'false: exit code 1');
});
