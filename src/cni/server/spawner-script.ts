/**
 * The program each spawner helper runs (spawner.ts): a loop that reads one command, forks and
 * execs it, and answers with its exit status, stdout and stderr. Perl because perl-base is
 * Essential on Debian (always installed, like bash) and, unlike bash, can keep stdout and stderr
 * apart and time a child out without temporary files.
 *
 * Request:  `<argv bytes> <stdin bytes> <timeout ms>` as three 10-digit fields and a newline,
 *           then argv as NUL-terminated strings, then stdin.
 * Answer:   `<exit code> <signal> <stdout bytes> <stderr bytes>\n<stdout><stderr>`.
 * A failed exec exits 127 with EXEC_FAILED and the errno text on stderr.
 */

export const HEADER_BYTES = 33;
export const EXEC_FAILED = 'flatnet-spawner: exec failed: ';

export const SPAWNER_SCRIPT = String.raw`
use strict; use warnings; use POSIX ();
binmode STDIN; binmode STDOUT;
$SIG{PIPE} = 'IGNORE'; # a child that stops reading its stdin must not kill us
sub take {
  my ($n) = @_; my $buf = '';
  while (length($buf) < $n) {
    my $got = sysread(STDIN, $buf, $n - length($buf), length($buf));
    exit 0 unless $got; # the server closed our stdin: done
  }
  return $buf;
}
while (1) {
  my ($argv_len, $stdin_len, $timeout_ms) = split / /, take(${HEADER_BYTES});
  my @argv = split /\0/, take($argv_len + 0), -1; pop(@argv); # keep empty arguments
  my $input = take($stdin_len + 0);
  pipe(my $in_r, my $in_w) or die; pipe(my $out_r, my $out_w) or die; pipe(my $err_r, my $err_w) or die;
  my $pid = fork() // die "fork: $!";
  if ($pid == 0) {
    $SIG{PIPE} = 'DEFAULT';
    open(STDIN, '<&', $in_r); open(STDOUT, '>&', $out_w); open(STDERR, '>&', $err_w);
    { no warnings; exec { $argv[0] } @argv; }
    print STDERR "${EXEC_FAILED}", $!+0, " $!\n"; POSIX::_exit(127);
  }
  close($in_r); close($out_w); close($err_w);
  my %out = (fileno($out_r) => [$out_r, ''], fileno($err_r) => [$err_r, '']);
  my ($stdout, $stderr) = (\$out{fileno($out_r)}[1], \$out{fileno($err_r)}[1]);
  my %reading = %out; my $written = 0; my $writing = length($input) > 0;
  close($in_w) unless $writing;
  local $SIG{ALRM} = sub { kill('KILL', $pid) };
  alarm(POSIX::ceil($timeout_ms / 1000));
  while (%reading || $writing) {
    my ($r, $w) = ('', '');
    vec($r, $_, 1) = 1 for keys %reading;
    vec($w, fileno($in_w), 1) = 1 if $writing;
    next unless select($r, $w, undef, undef) > 0; # EINTR after the alarm: look again
    if ($writing && vec($w, fileno($in_w), 1)) {
      my $n = syswrite($in_w, $input, 65536, $written);
      $written += $n if defined $n;
      if (!defined $n || $written >= length($input)) { close($in_w); $writing = 0; }
    }
    for my $fd (keys %reading) {
      next unless vec($r, $fd, 1);
      my $n = sysread($reading{$fd}[0], $out{$fd}[1], 65536, length($out{$fd}[1]));
      delete $reading{$fd} unless $n;
    }
  }
  waitpid($pid, 0); my $status = $?; alarm(0); close($out_r); close($err_r);
  my $answer = sprintf("%d %d %d %d\n", $status >> 8, $status & 127, length($$stdout), length($$stderr));
  $answer .= $$stdout . $$stderr;
  for (my $sent = 0; $sent < length($answer); ) {
    my $n = syswrite(STDOUT, $answer, length($answer) - $sent, $sent);
    exit 1 unless defined $n; # the server is gone
    $sent += $n;
  }
}
`;
