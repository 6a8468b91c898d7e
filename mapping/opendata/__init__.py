"""Open data: every published issue as CSV and GeoJSON downloads, and what each field means."""
