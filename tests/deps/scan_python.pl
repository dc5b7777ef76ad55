#!/usr/bin/perl
# The programs Python scripts run (tests/deps/external_programs_test.sh): argv lists
# (argv = ["x", ...], [["x", ...], ...], subprocess.*(["x", ...])), podman's --runtime, and the
# shebang's interpreter.
# Usage: perl scan_python.pl SCOPE=FILE...; prints "program<TAB>file:line<TAB>scope" per program.
use strict;
use warnings;
for my $arg (@ARGV) {
  my ($scope, $file) = split /=/, $arg, 2;
  open my $fh, '<', $file or die "$file: $!";
  my $ln = 0;
  while (my $l = <$fh>) {
    $ln++;
    if ($ln == 1 && $l =~ m{^#!\s*(\S+)(?:\s+(\S+))?}) {
      my ($interpreter, $argument) = ($1, $2);
      my $p = $interpreter =~ m{/env$} && defined $argument ? $argument : $interpreter;
      $p =~ s{.*/}{};
      print "$p\t$file:$ln\t$scope\n";
      next;
    }
    $l =~ s/(^|\s)#.*//;
    my $start = qr{\b(?:argv|cmd|command)\w*\s*=\s*|\[\s*|subprocess\.\w+\(\s*};
    while ($l =~ /(?:$start)\[\s*"([A-Za-z0-9][\w.+-]*)"/g) {
      print "$1\t$file:$ln\t$scope\n";
    }
    print "$1\t$file:$ln\t$scope\n" while $l =~ /"--runtime",\s*"([A-Za-z0-9][\w.+-]*)"/g;
  }
}
