#!/bin/sh
# Container entrypoint: bring the database to the newest schema, then serve (settings from TAGMEDX_*).
set -eu
python -m tagmedx migrate
exec python -m tagmedx serve "$@"
