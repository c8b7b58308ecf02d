"""``fazhi serve``: a local web desk where departments hand in drafts and a reviewer sees them all.

- :mod:`~checker.serve.app` builds the Starlette application from a :class:`~checker.serve.app.Settings`;
- :mod:`~checker.serve.storage` keeps collections, bodies, submissions and checks in SQL
  (SQLite by default) and the uploaded bytes by SHA-256 on disk;
- :mod:`~checker.serve.jobs` runs checks and document generation in a bounded process pool
  with resource limits; :mod:`~checker.serve.worker` is what runs inside it;
- :mod:`~checker.serve.security` holds password hashing, tokens, CSRF and response headers;
- :mod:`~checker.serve.uploads` reads uploads (size limit, type sniffed from the bytes);
- :mod:`~checker.serve.views` turns stored results into what the templates show;
- :mod:`~checker.serve.exports` writes the reviewer's .xlsx, HTML report and zip.
"""
