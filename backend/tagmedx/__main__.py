"""`python -m tagmedx`: the command line (migrate, serve, schema-sql)."""

from tagmedx.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
