"""The public map: the map page and issue pages, the GeoJSON map API, its filters, the feed, the MapBlock
that briefings embed, and published issues in the site search."""
