"""`python -m gapcheck`: the same command line as `gapcheck`."""

from gapcheck.cli import main

if __name__ == "__main__":
    main()
