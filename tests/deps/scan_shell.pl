#!/usr/bin/perl
# The programs shell scripts run (tests/deps/external_programs_test.sh): the words in command
# position (after a separator, a keyword such as then or do, an assignment, exec/command, or a
# wrapper: env, sudo, nice, nohup, setsid, xargs, timeout), outside quotes, comments and
# here-documents; $(...), `...` and <(...) are scripts of their own. Builtins, the script's
# functions, words built from variables and relative paths (this project's scripts and binaries)
# are not programs. The shebang's interpreter counts.
# Usage: perl scan_shell.pl SCOPE=FILE...; prints "program<TAB>file:line<TAB>scope" per program.
use strict;
use warnings;
my $word = qr{^[A-Za-z0-9][A-Za-z0-9._+-]*$};
my %builtin = map { $_ => 1 } qw(: . [ alias bg bind break builtin caller cd compgen complete
  continue declare dirs disown echo enable eval exit export false fc fg getopts hash help history
  jobs kill let local logout mapfile popd printf pushd pwd read readarray readonly return set
  shift shopt source suspend test times trap true type typeset ulimit umask unalias unset wait);
my %stay = map { $_ => 1 } qw(if then else elif do while until ! { time exec command builtin);
my %wrapper = map { $_ => 1 } qw(env sudo nice nohup setsid xargs timeout);

my ($file, $scope, $s, $i, %functions);

sub emit {
  my ($name, $ln) = @_;
  $name =~ s{^/(?:usr/)?s?bin/}{};
  print "$name\t$file:$ln\t$scope\n" if $name =~ $word;
}
sub lineAt { return 1 + (substr($s, 0, $_[0]) =~ tr/\n//) }
sub skipBalanced {    # from an opening char at $i to just after its match; $(...) inside is scanned
  my ($open, $close) = @_;
  my $depth = 0;
  while ($i < length $s) {
    if (substr($s, $i, 2) eq '$(' && substr($s, $i, 3) ne '$((') { $i += 2; commands(')'); next }
    my $c = substr($s, $i++, 1);
    if ($c eq '\\') { $i++; next }
    $depth++ if $c eq $open;
    $depth-- if $c eq $close;
    return if $depth == 0;
  }
}
sub skipArray {    # a=( ... ): from '(' to just after the ')' that ends it, comments included
  $i++;
  while ($i < length $s) {
    my $c = substr($s, $i++, 1);
    if ($c eq '\\') { $i++; next }
    if ($c eq '#' && substr($s, $i - 2, 1) =~ /[\s(]/) {
      $i++ while $i < length $s && substr($s, $i, 1) ne "\n";
      next;
    }
    if ($c eq "'") { $i++ while $i < length $s && substr($s, $i++, 1) ne "'"; next }
    if ($c eq '"') {
      while ($i < length $s) {
        my $d = substr($s, $i++, 1);
        $i++ if $d eq '\\';
        last if $d eq '"';
      }
      next;
    }
    return if $c eq ')';
  }
}
# Scans commands until $term (')' or '`') or the end; returns at the terminator.
sub commands {
  my ($term) = @_;
  my ($cmd, $cur, $dyn, $quoted, $start, $redirect, $skipTo, $wrap, $wrapSkip) =
    (1, '', 0, 0, 0, 0, '', 0, 0);
  my @cases;    # one entry per open case: 1 while reading patterns
  my $finish = sub {
    return if $cur eq '' && !$quoted;
    my ($w, $d, $at) = ($cur, $dyn || $quoted && $cur =~ /\$/, $start);
    ($cur, $dyn, $quoted) = ('', 0, 0);
    if ($redirect) { $redirect = 0; return }
    if ($skipTo) {
      if ($w eq $skipTo) {
        $cmd = 1 if $skipTo eq 'do';
        $cases[-1] = 1 if $skipTo eq 'in';
        $skipTo = '';
      }
      return;
    }
    return unless $cmd;
    if ($w =~ /^[A-Za-z_]\w*(?:\[[^]]*\])?\+?=/) { return }
    if ($w eq 'for' || $w eq 'select') { $skipTo = 'do'; return }
    if ($w eq 'case') { push @cases, 0; $skipTo = 'in'; return }
    if ($w eq '[[') { $skipTo = ']]'; $cmd = 0; return }
    if ($w eq 'function') { $skipTo = '('; $cmd = 0; return }
    if ($stay{$w}) { return }
    if ($w =~ /^-/) { $cmd = 0 unless $wrap; return }
    if ($wrap && $wrapSkip) { $wrapSkip--; return }
    $wrap = 0;
    $cmd = 0;
    return if $d || $builtin{$w} || $functions{$w} || $w =~ /^(?:fi|done|esac|\}|\]\])$/;
    return if $w =~ m{/} && $w !~ m{^/(?:usr/)?s?bin/};
    emit($w, lineAt($at));
    if ($wrapper{$w}) { $cmd = 1; $wrap = 1; $wrapSkip = $w eq 'timeout' ? 1 : 0 }
  };
  while ($i < length $s) {
    if (@cases && $cases[-1] && $cur eq '') {    # a case pattern, or esac
      pos($s) = $i;
      if ($s =~ /\G[\s;]*esac\b/gc) { pop @cases; $i = pos($s); $cmd = 0; next }
      if ($s =~ /\G\s*\(?[^)]*\)/gc) { $i = pos($s); $cases[-1] = 0; $cmd = 1; next }
    }
    my $c = substr($s, $i, 1);
    my $two = substr($s, $i, 2);
    if (defined $term && $c eq $term) { $finish->(); $i++; return }
    if ($c eq '\\') {
      if (substr($s, $i + 1, 1) eq "\n") { $i += 2; next }
      $start = $i if $cur eq '';
      $cur .= substr($s, $i + 1, 1);
      $i += 2;
      next;
    }
    if ($c eq '#' && $cur eq '' && !$quoted) {
      $i++ while $i < length $s && substr($s, $i, 1) ne "\n";
      next;
    }
    if ($c =~ /\s/) {
      $finish->();
      if ($c eq "\n") { $cmd = 1; $wrap = 0; $redirect = 0 }
      $i++;
      next;
    }
    if ($c eq "'") {
      $start = $i if $cur eq '' && !$quoted;
      $quoted = 1;
      $i++;
      my $e = index($s, "'", $i);
      $e = length $s if $e < 0;
      $cur .= substr($s, $i, $e - $i);
      $i = $e + 1;
      next;
    }
    if ($c eq '"') {
      $start = $i if $cur eq '' && !$quoted;
      $quoted = 1;
      $i++;
      while ($i < length $s) {
        my $d = substr($s, $i, 1);
        if ($d eq '\\') { $cur .= substr($s, $i + 1, 1); $i += 2; next }
        if ($d eq '"') { $i++; last }
        if ($d eq '$' || $d eq '`') { dollar(); $dyn = 1; $cur .= '$'; next }
        $cur .= $d;
        $i++;
      }
      next;
    }
    if ($c eq '$' || $c eq '`') {
      $start = $i if $cur eq '' && !$quoted;
      dollar();
      $dyn = 1;
      $cur .= '$';
      next;
    }
    if ($two eq ';;' || $two eq ';&') {
      $finish->();
      $i += 2;
      $i++ if substr($s, $i, 1) eq '&';
      $cases[-1] = 1 if @cases;
      $cmd = 1;
      next;
    }
    if ($two eq '&>') {
      $finish->();
      $i += 2;
      $i++ if substr($s, $i, 1) eq '>';
      $redirect = 1;
      next;
    }
    if ($c =~ /[;&|]/) {
      $finish->();
      $redirect = 0;
      $i++;
      $i++ if substr($s, $i, 1) =~ /[&|]/;
      $cmd = 1;
      $wrap = 0;
      next;
    }
    if ($c eq '<' || $c eq '>') {
      if (substr($s, $i + 1, 1) eq '(') { $finish->(); $redirect = 0; $i += 2; commands(')'); next }
      $cur = '' if $cur =~ /^\d+$/ && !$quoted;
      $finish->();
      $i++ while substr($s, $i, 1) =~ /[<>&]/;
      if (substr($s, $i, 1) =~ /[\d-]/ && substr($s, $i - 1, 1) eq '&') {    # >&2
        $i++ while substr($s, $i, 1) =~ /[\d-]/;
        next;
      }
      $redirect = 1;
      next;
    }
    if ($c eq '(') {
      if ($cur =~ /=$/ && !$quoted) { skipArray(); $cur .= '()'; next }
      $finish->();
      if ($two eq '()') { $i += 2; $cmd = 1; next }    # name() { ... }
      if ($two eq '((') { skipBalanced('(', ')'); $cmd = 0; next }
      if ($skipTo eq '(') { $skipTo = ''; skipBalanced('(', ')'); next }
      $i++;
      commands(')');
      next;
    }
    if ($c eq ')') { $finish->(); $i++; $cmd = 1; next }
    $start = $i if $cur eq '' && !$quoted;
    $cur .= $c;
    $i++;
  }
  $finish->();
}
# At a '$' or '`' (outside single quotes): command substitutions are scanned, the rest skipped.
sub dollar {
  my $two = substr($s, $i, 2);
  if (substr($s, $i, 1) eq '`') { $i++; commands('`'); return }
  if (substr($s, $i, 3) eq '$((') { $i++; skipBalanced('(', ')'); return }
  if ($two eq '$(') { $i += 2; commands(')'); return }
  if ($two eq '${') { $i++; skipBalanced('{', '}'); return }
  $i++;
  $i++ while $i < length $s && substr($s, $i, 1) =~ /\w/;
  $i++ if $two =~ /^\$[@*#?\$!-]$/;
}

for my $arg (@ARGV) {
  ($scope, $file) = split /=/, $arg, 2;
  open my $fh, '<', $file or die "$file: $!";
  my @lines = <$fh>;
  if (@lines && $lines[0] =~ m{^#!\s*(\S+)(?:\s+(\S+))?}) {
    my ($interpreter, $argument) = ($1, $2);
    emit($interpreter =~ m{/env$} && defined $argument ? $argument : $interpreter, 1);
  }
  my $heredoc;    # blank here-document bodies, keeping the line numbers
  for (@lines) {
    if (defined $heredoc) {
      undef $heredoc if /^\t*\Q$heredoc\E\s*$/;
      $_ = "\n";
      next;
    }
    $heredoc = $2 if /(?<!<)<<-?\s*(['"]?)([A-Za-z_]\w*)\1/;
  }
  $s = join '', @lines;
  %functions = map { $_ => 1 } $s =~ /^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)/mg;
  $i = 0;
  commands(undef);
}
