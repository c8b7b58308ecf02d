"""``python -m checker``: the ``fazhi`` command, for an environment without the script."""

from checker.cli import main

if __name__ == "__main__":
    main()
