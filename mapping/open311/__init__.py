"""Open311 GeoReport v2 at /open311/v2/: published issues to read, partners' reports to post, their keys."""
