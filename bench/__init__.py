"""The township-scale benchmarks: ``python -m bench`` runs the suite (``bench.suite``);
each ``bench_*.py`` also runs alone and prints its own figures."""
