"""The static files storage of production: whitenoise's compressed files with hashed names, and the
imports between our ES modules rewritten to those hashed names, so a browser may keep every file for a
year and still gets a new module the day it changes."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
