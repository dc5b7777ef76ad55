#!/usr/bin/perl
# The programs C++ sources run (tests/deps/external_programs_test.sh): argv[0] of their argv
# lists. An argv is a braced list whose first element is a string literal (or a kName constant of
# the same file) and that is
#   - of type Argv / std::vector<Argv>: declared (`Argv a = {...}`, `Argv{...}`) or returned from
#     a function of that type;
#   - of type std::vector<std::string> the same way, when it holds an option ("-x") or its
#     variable or function is named like an argv (argv, cmd, command, probe);
#   - assigned to a variable named argv (`argv = {...}`);
#   - the first argument of a runner: run, runSync, runWithInput, output, commandOutput,
#     spawnDetached, or a Daemon's constructor;
#   - a planned command: plan.commands.push_back({{...}, ...}), PlannedCommand c{{...}}.
# Also: probes (available("x"), executableInPath(kX)) and any "/usr/bin/x"-style literal.
# Wrappers name a second program: ip netns exec NS P, env [VAR=V]... P, timeout [-k N] T P,
# unshare/nsenter/nice/setsid [-o]... P, mpirun ... P (last), podman --runtime P.
# Unit tests build expected argvs as values; there only runner calls, probes and paths count.
# Usage: perl scan_cpp.pl SCOPE=FILE...; prints "program<TAB>file:line<TAB>scope" per program run.
use strict;
use warnings;
my $word = qr{^[A-Za-z0-9][A-Za-z0-9._+-]*$};
my $binPath = qr{^/(?:usr/)?s?bin/([A-Za-z0-9][A-Za-z0-9._+-]*)$};
my $runner = qr{(?:^|::)(?:run|runSync|runWithInput|output|commandOutput|spawnDetached|Daemon)$};
my $probe = qr{(?:^|::)(?:available|executableInPath)$};
my $argvName = qr{argv|cmd|command|probe}i;

for my $arg (@ARGV) {
  my ($scope, $file) = split /=/, $arg, 2;
  my $unit = $file =~ m{(?:^|/)tests/unit/};
  open my $fh, '<', $file or die "$file: $!";
  my $src = do { local $/; <$fh> };
  my @t;    # [kind, text, line]: s string, i identifier, p punctuation, x other literal
  my $line = 1;
  my $token = qr{\G(?:(//[^\n]*)|(/\*.*?\*/)|(R"([^(\s]*)\(.*?\)\4")|("(?:[^"\\\n]|\\.)*")
                 |('(?:[^'\\\n]|\\.)*')|([A-Za-z_]\w*(?:::[A-Za-z_~]\w*)*)|(\d[\w.']*)|(\s+)|(.))}xs;
  while ($src =~ /$token/gc) {
    my $tok = $&;
    if (defined $5) { push @t, ['s', substr($5, 1, -1), $line] }
    elsif (defined $3 || defined $6 || defined $8) { push @t, ['x', $tok, $line] }
    elsif (defined $7) { push @t, ['i', $7, $line] }
    elsif (defined $10) { push @t, ['p', $10, $line] }
    $line += ($tok =~ tr/\n//);
  }
  my $is = sub {
    my ($i, $kind, $v) = @_;
    return $i >= 0 && $i <= $#t && $t[$i][0] eq $kind && (!defined $v || $t[$i][1] eq $v);
  };
  my %const;
  for my $i (0 .. $#t - 2) {
    $const{$t[$i][1]} = $t[$i + 2][1]
      if $is->($i, 'i') && $t[$i][1] =~ /^k[A-Z]/ && $is->($i + 1, 'p', '=') && $is->($i + 2, 's');
  }
  # 'argv' when tokens ending at $j are Argv or std::vector<Argv>, 'strings' for
  # std::vector<std::string>, else ''.
  my $typeAt = sub {
    my ($j) = @_;
    return 'argv' if $is->($j, 'i') && $t[$j][1] =~ /(?:^|::)Argv$/;
    return '' unless $is->($j, 'p', '>') && $is->($j - 2, 'p', '<') && $is->($j - 3, 'i')
      && $t[$j - 3][1] =~ /(?:^|::)vector$/ && $is->($j - 1, 'i');
    return 'argv' if $t[$j - 1][1] =~ /(?:^|::)Argv$/;
    return 'strings' if $t[$j - 1][1] =~ /(?:^|::)string$/;
    return '';
  };
  my $emit = sub {
    my ($name, $ln) = @_;
    $name = $1 if $name =~ $binPath;
    print "$name\t$file:$ln\t$scope\n" if $name =~ $word;
  };
  my $valueOf = sub {
    my ($el) = @_;
    return undef unless @$el == 1;
    return $el->[0][1] if $el->[0][0] eq 's';
    return $const{$el->[0][1]} if $el->[0][0] eq 'i';
    return undef;
  };
  # The elements (token index lists) of the braced list opening at $k.
  my $elements = sub {
    my ($k) = @_;
    my (@els, @cur);
    my $depth = 0;
    for my $j ($k + 1 .. $#t) {
      my $v = $t[$j][0] eq 'p' ? $t[$j][1] : '';
      if ($depth == 0 && ($v eq ',' || $v eq '}')) {
        push @els, [@cur] if @cur;
        @cur = ();
        return (\@els, $j) if $v eq '}';
        next;
      }
      $depth++ if $v =~ /^[({[]$/;
      $depth-- if $v =~ /^[)}\]]$/;
      push @cur, $j;
    }
    return (\@els, $#t);
  };
  my $hasOption = sub {
    my ($els) = @_;
    return scalar grep { @$_ == 1 && $t[$_->[0]][0] eq 's' && $t[$_->[0]][1] =~ /^-/ } @$els;
  };
  my $argv;
  $argv = sub {    # the list at $k is an argv, or a list of argvs ({{"ip", ...}, {...}})
    my ($k, $needOption) = @_;
    my ($els) = $elements->($k);
    return unless @$els;
    if ($is->($els->[0][0], 'p', '{')) {
      $argv->($_->[0], $needOption) for grep { $is->($_->[0], 'p', '{') } @$els;
      return;
    }
    return if $needOption && !$hasOption->($els);
    my @v = map { $valueOf->([map { $t[$_] } @$_]) } @$els;
    return unless defined $v[0];
    my $p0 = $v[0] =~ $binPath ? $1 : $v[0];
    $emit->($p0, $t[$els->[0][0]][2]);
    my $next;
    if ($p0 eq 'ip') {
      for my $i (1 .. $#v - 2) {
        if (($v[$i] // '') eq 'netns' && ($v[$i + 1] // '') eq 'exec') { $next = $i + 3; last }
      }
    } elsif ($p0 eq 'env') {
      $next = 1;
      $next++ while $next <= $#v && defined $v[$next] && $v[$next] =~ /=|^-/;
    } elsif ($p0 eq 'timeout') {
      $next = 1;
      while ($next <= $#v && defined $v[$next] && $v[$next] =~ /^-/) {
        $next += $v[$next] =~ /^-[ks]$/ ? 2 : 1;
      }
      $next++;
    } elsif ($p0 =~ /^(?:unshare|nsenter|nice|setsid)$/) {
      $next = 1;
      $next++ while $next <= $#v && defined $v[$next] && $v[$next] =~ /^-/;
    } elsif ($p0 eq 'mpirun') {
      $next = $#v;
    }
    $next = $#v + 1 unless defined $next;
    for my $i (1 .. $#v) {
      my $wrapped = $i == $next || ($v[$i - 1] // '') eq '--runtime';
      $emit->($v[$i], $t[$els->[$i][0]][2]) if $wrapped && defined $v[$i];
    }
  };

  # Bodies of functions returning an argv type: [open, close, needOption].
  my @bodies;
  my $stmt = 0;
  for my $j (0 .. $#t) {
    my $v = $t[$j][0] eq 'p' ? $t[$j][1] : '';
    my $label = $v eq ':' && !$is->($j + 1, 'p', ':') && !$is->($j - 1, 'p', ':');  # public:
    if ($v eq ';' || $v eq '}' || $label) {
      $stmt = $j + 1;
      next;
    }
    next unless $v eq '{';
    my $b = $j - 1;
    $b-- while $is->($b, 'i') && $t[$b][1] =~ /^(?:const|override|noexcept|final)$/;
    if ($is->($b, 'p', ')')) {
      my $d = 0;
      my $o = $b;
      for (; $o >= 0; $o--) {
        $d++ if $is->($o, 'p', ')');
        $d-- if $is->($o, 'p', '(');
        last if $d == 0;
      }
      my $name = $o - 1;
      if ($is->($name, 'i')) {
        my $type = '';
        for my $r ($stmt .. $name - 1) { $type ||= $typeAt->($r) }
        if ($type) {
          my (undef, $end) = $elements->($j);
          push @bodies, [$j, $end, $type eq 'strings' && $t[$name][1] !~ $argvName];
        }
      }
    }
    $stmt = $j + 1;
  }
  my $returnedFrom = sub {
    my ($k) = @_;
    my $found;
    for (@bodies) {
      $found = $_ if $k > $_->[0] && $k < $_->[1] && (!$found || $_->[0] > $found->[0]);
    }
    return $found;
  };

  for my $k (0 .. $#t) {
    if ($is->($k, 's') && $t[$k][1] =~ $binPath) {
      $emit->($1, $t[$k][2]);
      next;
    }
    if ($is->($k, 'i') && $t[$k][1] =~ $probe && $is->($k + 1, 'p', '(')
        && $is->($k + 3, 'p', ')')) {
      my $v = $valueOf->([$t[$k + 2]]);
      $emit->($v, $t[$k][2]) if defined $v;
      next;
    }
    next unless $is->($k, 'p', '{');
    if ($is->($k - 1, 'p', '(') && $is->($k - 2, 'i') && $t[$k - 2][1] =~ $runner) {
      $argv->($k, 0);    # run({...})
    } elsif ($is->($k - 1, 'p', '(') && $is->($k - 2, 'i') && $is->($k - 3, 'i')
             && $t[$k - 3][1] =~ /(?:^|::)Daemon$/) {
      $argv->($k, 0);    # Daemon d({...}, log)
    } elsif ($unit) {
      next;
    } elsif ($is->($k - 1, 'p', '(') && $is->($k - 2, 'i', 'push_back') && $is->($k - 3, 'p', '.')
             && $is->($k - 4, 'i', 'commands') && $is->($k + 1, 'p', '{')) {
      $argv->($k, 0);    # plan.commands.push_back({{...}, ...})
    } elsif ($is->($k - 1, 'i') && $is->($k - 2, 'i') && $t[$k - 2][1] =~ /Command$/
             && $is->($k + 1, 'p', '{')) {
      $argv->($k, 0);    # PlannedCommand c{{...}}
    } elsif (my $type = $typeAt->($k - 1)) {
      $argv->($k, $type eq 'strings');    # Argv{...}
    } elsif ($is->($k - 1, 'i') && ($type = $typeAt->($k - 2))) {
      $argv->($k, $type eq 'strings' && $t[$k - 1][1] !~ $argvName);    # Argv a{...}
    } elsif ($is->($k - 1, 'p', '=') && $is->($k - 2, 'i') && ($type = $typeAt->($k - 3))) {
      $argv->($k, $type eq 'strings' && $t[$k - 2][1] !~ $argvName);    # Argv a = {...}
    } elsif ($is->($k - 1, 'p', '=') && $is->($k - 2, 'i') && $t[$k - 2][1] =~ /^\w*[Aa]rgv$/) {
      $argv->($k, 0);    # argv = {...}
    } elsif ($is->($k - 1, 'i', 'return') && (my $body = $returnedFrom->($k))) {
      $argv->($k, $body->[2]);    # return {...} in a function returning an argv
    }
  }
}
