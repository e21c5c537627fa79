#!/bin/sh
# /usr/bin/gongkai: the gongkai command of the installed system. It reads the installed configuration
# (/etc/gongkai/gongkai.json) unless GONGKAI_CONFIG names another file; run the commands that open the database as the
# service's user, so that what they create stays the service's: runuser -u gongkai -- gongkai audit verify
: "${GONGKAI_CONFIG:=/etc/gongkai/gongkai.json}"
export GONGKAI_CONFIG
exec /usr/lib/gongkai/gongkai "$@"
