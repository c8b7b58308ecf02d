"""Run the ``fazhi`` command from a checkout: ``python cli.py check 草稿.docx``.

The command itself lives in :mod:`checker.cli` (installed with the package as the ``fazhi`` script).
"""

from checker.cli import main

if __name__ == "__main__":
    main()
