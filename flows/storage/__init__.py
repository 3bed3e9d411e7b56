"""Where zhibiao's data lives, each behind one small module: the inbox it reads (``inbox``), the bytes of
accepted documents (``store``), the DuckDB warehouse reached through one session (``warehouse``), the
published parquet (``publish``) and the manifests that make a published batch complete (``manifests``)."""
