"""The evaluators, one back-end module each, dispatching on the type of the plain-data nodes.

* :mod:`~migralex.engine.backends.scalar`: one case in plain Python, with the explanation tree (imports no
  polars, pyarrow or database code);
* :mod:`~migralex.engine.backends.polars`: a population as polars expressions, layered by dependency
  (:mod:`migralex.engine.layering`, shared with the Spark compiler in :mod:`migralex.lab.spark_native`);
* the z3 translation of :mod:`migralex.verify.translate`.
"""
